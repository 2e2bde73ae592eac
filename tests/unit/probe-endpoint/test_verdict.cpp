// tools/probe-endpoint/verdict.cpp, observations.cpp and report.cpp, with libcommon's
// probe/probe_result.cpp (conditions, health) and probe/cost.cpp: from results to the verdict
// and every rendering of it.
#include <gtest/gtest.h>

#include <lifeline/probe/cost.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/storage/open.hpp>

#include "fake_clock.hpp"
#include "fake_environment.hpp"
#include "observations.hpp"
#include "probe_fixtures.hpp"
#include "report.hpp"
#include "verdict.hpp"

namespace probe_endpoint {
namespace {

using lifeline::FailureClass;
using lifeline::probe::Condition;
using lifeline::probe::estimate_probe_tokens;
using lifeline::probe::ProbeKind;
using lifeline::probe::select_targets;
using lifeline::probe::summarise_cost;

ProbeResult result_for(const std::string& target, ProbeKind kind,
                       std::optional<FailureClass> failure, double total_ms = 120) {
    ProbeResult result;
    result.target = target;
    result.provider = target.substr(0, target.find('/'));
    result.model = target.find('/') == std::string::npos ? "" : target.substr(target.find('/') + 1);
    result.probe = kind;
    result.failure = failure;
    result.http_status = failure ? 503 : 200;
    result.latency = lifeline::http::HttpTiming{2, 10, 40, total_ms - 20, total_ms};
    result.message = failure ? "upstream failed" : "3 models listed";
    return result;
}

class Verdicts : public ::testing::Test {
  protected:
    lifeline::config::Config m_config = testing::fleet_config();
    std::vector<Target> m_targets =
        select_targets(m_config, {{"openai", "anthropic", "gemini"}, {}, ""},
                       lifeline::testing::FakeEnvironment{})
            .value()
            .targets;
};

TEST(HealthRequirement, ParsesAnyAllAndCounts) {
    EXPECT_EQ(parse_health_requirement("any")->kind, HealthRequirement::Kind::any);
    EXPECT_EQ(parse_health_requirement("ALL")->kind, HealthRequirement::Kind::all);
    EXPECT_EQ(parse_health_requirement("2")->count, 2);
    for (const char* bad : {"0", "-1", "some", "", "2x"}) {
        auto parsed = parse_health_requirement(bad);
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_NE(parsed.error().message.find("--require-healthy: expected any, all or a number"),
                  std::string::npos);
    }
}

TEST_F(Verdicts, ATargetIsAsHealthyAsItsWorstProbe) {
    const std::vector<ProbeResult> results = {
        result_for("openai", ProbeKind::auth, std::nullopt),
        result_for("openai", ProbeKind::generate, FailureClass::rate_limited),
        result_for("anthropic", ProbeKind::auth, std::nullopt),
        result_for("gemini", ProbeKind::auth, FailureClass::rate_limited),
        result_for("gemini", ProbeKind::generate, FailureClass::auth),
    };
    const auto assessed = assess_targets(m_targets, results);
    ASSERT_EQ(assessed.size(), 3u);
    EXPECT_EQ(assessed[0].health, Health::degraded);
    EXPECT_EQ(assessed[0].failed_probe, "generate");
    EXPECT_EQ(assessed[1].health, Health::healthy);
    EXPECT_EQ(assessed[2].health, Health::unhealthy);
    EXPECT_EQ(assessed[2].failure_class, "auth");
}

TEST_F(Verdicts, RequireHealthyDecidesExitAndStatus) {
    const std::vector<ProbeResult> results = {
        result_for("openai", ProbeKind::auth, std::nullopt),
        result_for("anthropic", ProbeKind::auth, std::nullopt),
        result_for("gemini", ProbeKind::auth, FailureClass::region_blocked),
    };
    const auto assessed = assess_targets(m_targets, results);
    const Verdict any = decide({HealthRequirement::Kind::any, 1}, assessed, 1);
    EXPECT_TRUE(any.met);
    EXPECT_EQ(any.exit_code, 0);
    EXPECT_EQ(any.status, lifeline::output::RunStatus::degraded);
    EXPECT_EQ(any.healthy, (std::vector<std::string>{"openai", "anthropic"}));
    EXPECT_EQ(any.summary, "2 of 3 healthy, 1 skipped");
    const Verdict all = decide({HealthRequirement::Kind::all, 0}, assessed, 0);
    EXPECT_FALSE(all.met);
    EXPECT_EQ(all.exit_code, 1);
    EXPECT_EQ(all.status, lifeline::output::RunStatus::failed);
    EXPECT_EQ(all.summary, "2 of 3 healthy (required: all)");
    EXPECT_TRUE(decide({HealthRequirement::Kind::at_least, 2}, assessed, 0).met);
    EXPECT_FALSE(decide({HealthRequirement::Kind::at_least, 3}, assessed, 0).met);
    const Verdict none = decide({HealthRequirement::Kind::all, 0}, {}, 4);
    EXPECT_FALSE(none.met);
    EXPECT_EQ(none.summary, "nothing probed, 4 skipped (required: all)");
}

TEST_F(Verdicts, UnmetConditionsMakeASuccessUnhealthy) {
    ProbeResult slow = result_for("openai", ProbeKind::stream, std::nullopt, 4200);
    slow.ttft_ms = 1800;
    ProbeResult auth = result_for("anthropic", ProbeKind::auth, std::nullopt, 4200);
    const std::vector<Condition> conditions = {Condition::parse("latency_ms < 3000").value(),
                                               Condition::parse("ttft_ms < 1500").value()};
    apply_conditions(slow, conditions);
    apply_conditions(auth, conditions);
    EXPECT_EQ(slow.unmet_conditions,
              (std::vector<std::string>{"latency_ms < 3000", "ttft_ms < 1500"}));
    EXPECT_EQ(auth.unmet_conditions, (std::vector<std::string>{"latency_ms < 3000"}));
    EXPECT_EQ(slow.health(), Health::unhealthy);
    const auto assessed = assess_targets(m_targets, {slow});
    EXPECT_EQ(assessed[0].failure_class, "condition");
    EXPECT_EQ(assessed[0].message, "condition not met: latency_ms < 3000");
    EXPECT_EQ(slow.to_json()["conditions_failed"].size(), 2u);
}

TEST_F(Verdicts, CostUsesReportedUsageElseTheEstimate) {
    ProbeResult reported = result_for("openai/gpt-5.5", ProbeKind::generate, std::nullopt);
    reported.usage = lifeline::provider::Usage{11, 14, 0, 0, 10};
    ProbeResult failed =
        result_for("anthropic/claude-sonnet-4-6", ProbeKind::stream, FailureClass::overloaded);
    ProbeResult free = result_for("gemini", ProbeKind::auth, std::nullopt);
    const auto cost = summarise_cost({reported, failed, free}, m_config);
    EXPECT_EQ(cost["basis"], "estimated");
    EXPECT_EQ(cost["input_tokens"], 11 + 15);
    EXPECT_EQ(cost["output_tokens"], 14 + 16);
    EXPECT_EQ(cost["usd"], nullptr);  // the fleet config has no prices
    EXPECT_EQ(estimate_probe_tokens(ProbeKind::auth, std::nullopt), 0);
    EXPECT_EQ(estimate_probe_tokens(ProbeKind::tools, std::nullopt), 15 + 60 + 64);
    EXPECT_EQ(summarise_cost({free}, m_config)["basis"], "none");
}

TEST(Observations, OneObservationPerSentProbeUnderTheCandidateLabel) {
    ProbeResult generate =
        result_for("openai/gpt-5.5", ProbeKind::generate, FailureClass::rate_limited);
    generate.retry_after = lifeline::Duration(1500);
    ProbeResult unsent = result_for("gemini", ProbeKind::auth, FailureClass::auth);
    unsent.latency.reset();
    const ProbeResult auth = result_for("anthropic", ProbeKind::auth, std::nullopt, 88.6);
    lifeline::testing::FakeClock clock;
    const auto observations = observations_of({generate, unsent, auth}, clock.now());
    ASSERT_EQ(observations.size(), 2u);
    EXPECT_EQ(observations[0].candidate, "openai/gpt-5.5");
    EXPECT_EQ(observations[0].failure, FailureClass::rate_limited);
    EXPECT_EQ(observations[0].retry_after, lifeline::Duration(1500));
    EXPECT_EQ(observations[1].candidate, "anthropic");
    EXPECT_EQ(observations[1].latency, lifeline::Duration(89));
    EXPECT_TRUE(observations[1].succeeded());

    auto store = lifeline::state::open_state_store("memory:", clock);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(record_observations(*store->store, observations).ok());
    auto summary = store->store->summarise_health("openai/gpt-5.5");
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->calls, 1u);
    EXPECT_EQ(summary->last_class, FailureClass::rate_limited);
}

class Reports : public Verdicts {
  protected:
    ProbeReport report() {
        ProbeReport report;
        ProbeResult stream = result_for("openai", ProbeKind::stream, std::nullopt, 420);
        stream.ttft_ms = 310;
        stream.rate_limit_remaining = 499;
        report.results = {result_for("openai", ProbeKind::auth, std::nullopt), stream,
                          result_for("anthropic", ProbeKind::auth, FailureClass::overloaded)};
        report.results[2].latency =
            lifeline::http::HttpTiming{1, 5, 0, 90, 100};  // plain http: no TLS phase
        report.skipped = {{"gemini", "gemini", "", "", "GEMINI_API_KEY is not set"}};
        report.targets = assess_targets(m_targets, report.results);
        report.verdict = decide(report.requirement, report.targets, 1);
        return report;
    }
};

TEST_F(Reports, DataCarriesResultsHealthyTargetsAndSkips) {
    const auto data = report_data(report());
    EXPECT_EQ(data["healthy"], nlohmann::json::array({"openai"}));
    EXPECT_EQ(data["results"].size(), 3u);
    const auto& stream = data["results"][1];
    EXPECT_EQ(stream["probe"], "stream");
    EXPECT_EQ(stream["class"], "ok");
    EXPECT_EQ(stream["latency_ms"]["total"], 420.0);
    EXPECT_EQ(stream["ttft_ms"], 310.0);
    EXPECT_EQ(stream["rate_limit"]["remaining"], 499);
    EXPECT_EQ(data["results"][2]["health"], "degraded");
    EXPECT_EQ(data["targets"][1]["class"], "overloaded");
    EXPECT_EQ(data["skipped"][0]["reason"], "GEMINI_API_KEY is not set");
    EXPECT_EQ(data["require_healthy"], "any");
}

TEST_F(Reports, TextIsAnAlignedTableWithSkipsAndSummary) {
    const std::string text = render_report_text(report());
    EXPECT_NE(text.find("TARGET     PROBE   CLASS       HEALTH    HTTP  LATENCY  TTFT   MESSAGE"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("openai     stream  ok          healthy   200   420ms    310ms"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("skipped gemini: GEMINI_API_KEY is not set\n"), std::string::npos);
    EXPECT_NE(text.find("probe-endpoint: degraded: 1 of 2 healthy, 1 skipped\n"), std::string::npos)
        << text;
}

TEST_F(Reports, MarkdownSummaryHasOneRowPerResult) {
    const std::string markdown = render_summary_markdown(report());
    EXPECT_EQ(markdown.rfind("### probe-endpoint: 1 of 2 healthy, 1 skipped\n", 0), 0u);
    EXPECT_NE(markdown.find("| anthropic | auth | overloaded | degraded | 503 |"),
              std::string::npos)
        << markdown;
}

TEST_F(Reports, JUnitHasOneCasePerTarget) {
    lifeline::testing::FakeClock clock;
    const auto suites = junit_suites(report(), clock.now());
    ASSERT_EQ(suites.size(), 1u);
    ASSERT_EQ(suites[0].cases.size(), 3u);
    EXPECT_EQ(suites[0].cases[0].name, "openai");
    EXPECT_FALSE(suites[0].cases[0].failure.has_value());
    EXPECT_EQ(suites[0].cases[0].time, lifeline::Duration(420));
    ASSERT_TRUE(suites[0].cases[1].failure.has_value());
    EXPECT_EQ(suites[0].cases[1].failure->type, "overloaded");
    EXPECT_EQ(suites[0].cases[2].skipped, "GEMINI_API_KEY is not set");
}

TEST_F(Reports, PrometheusFollowsBlackboxExporter) {
    lifeline::secret::Redactor redactor;
    auto text = lifeline::output::render_prometheus(prometheus_families(report()), redactor);
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_NE(text->find("probe_success{target=\"openai\",provider=\"openai\",model=\"\",probe="
                         "\"stream\"} 1\n"),
              std::string::npos)
        << *text;
    EXPECT_NE(text->find("probe_success{target=\"anthropic\",provider=\"anthropic\",model=\"\","
                         "probe=\"auth\"} 0\n"),
              std::string::npos);
    // tls phase = tls - connect = 30 ms; processing = ttfb - tls = 360 ms.
    EXPECT_NE(text->find("probe=\"stream\",phase=\"tls\"} 0.03\n"), std::string::npos) << *text;
    EXPECT_NE(text->find("probe=\"stream\",phase=\"processing\"} 0.36\n"), std::string::npos);
    EXPECT_NE(text->find("probe=\"auth\",phase=\"processing\"} 0.085\n"), std::string::npos);
    EXPECT_NE(text->find("probe_http_status_code{"), std::string::npos);
    EXPECT_NE(text->find("probe_ttft_seconds{target=\"openai\""), std::string::npos);
    EXPECT_NE(text->find("} 0.31\n"), std::string::npos);
    EXPECT_NE(text->find("probe_rate_limit_remaining{"), std::string::npos);
}

}  // namespace
}  // namespace probe_endpoint
