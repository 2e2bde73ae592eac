// tools/probe-endpoint/probe_endpoint.cpp, probe_runner.cpp and publish.cpp: whole runs with
// fakes — what a user sees on stdout, in GitHub's files, in reports, and the exit code.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lifeline/storage/open.hpp>

#include "fake_keys.hpp"
#include "probe_endpoint.hpp"
#include "probe_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "test_context.hpp"

namespace probe_endpoint {
namespace {

using lifeline::testing::TestContext;
using nlohmann::json;

class Run : public ::testing::Test {
  protected:
    Run() {
        m_ctx.fs.put("lifeline.yaml", testing::k_fleet_yaml);
        m_options.common.config_path = "lifeline.yaml";
        m_options.no_state = true;
        m_ctx.env.set("OPENAI_API_KEY", m_openai_key);
        m_ctx.env.set("ANTHROPIC_API_KEY", lifeline::testing::fake_anthropic_key());
    }

    int run_tool() { return run(m_options, m_ctx.context); }
    json document() const { return json::parse(m_ctx.out.str()); }

    TestContext m_ctx;
    Options m_options;
    std::string m_openai_key = lifeline::testing::fake_openai_project_key();
};

TEST_F(Run, ProbesEverySelectedProviderInOneBatch) {
    m_options.providers = {"openai", "anthropic"};
    m_ctx.http.respond("api.openai.com/v1/models", 200, testing::k_openai_models,
                       {{"x-request-id", "req_1"}});
    m_ctx.http.respond("api.anthropic.com/v1/models", 200, testing::k_anthropic_models);
    EXPECT_EQ(run_tool(), 0);
    ASSERT_EQ(m_ctx.http.requests().size(), 2u);
    // The key goes in the kind's header and nowhere else.
    EXPECT_EQ(*lifeline::http::find_header(m_ctx.http.requests()[0].headers, "Authorization"),
              "Bearer " + m_openai_key);
    EXPECT_EQ(m_ctx.http.requests()[0].timeouts.total, lifeline::Duration(10'000));
    const json doc = document();
    EXPECT_EQ(doc["schema"], "lifeline.status/v1");
    EXPECT_EQ(doc["tool"], "probe-endpoint");
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["summary"], "2 of 2 healthy");
    EXPECT_EQ(doc["data"]["healthy"], json::array({"openai", "anthropic"}));
    EXPECT_EQ(doc["data"]["results"][0]["request_id"], "req_1");
}

TEST_F(Run, AKeyEchoedInAnErrorBodyNeverReachesAnyOutput) {
    m_options.providers = {"openai"};
    m_options.junit_path = "reports/probe.xml";
    m_options.prometheus_path = "metrics/probe.prom";
    m_options.common.dotenv_path = "probe.env";
    m_ctx.env.set("GITHUB_ACTIONS", "true");
    m_ctx.env.set("GITHUB_OUTPUT", "gh/output");
    m_ctx.env.set("GITHUB_STEP_SUMMARY", "gh/summary");
    // Some gateways echo the whole key back; the message must still be safe to print.
    m_ctx.http.respond("api.openai.com/v1/models", 401, testing::openai_invalid_key(m_openai_key));
    EXPECT_EQ(run_tool(), 1);
    const std::string stdout_text = m_ctx.out.str();
    EXPECT_EQ(stdout_text.find(m_openai_key), std::string::npos);
    EXPECT_NE(stdout_text.find("Incorrect API key provided: ***"), std::string::npos)
        << stdout_text;
    for (const auto& [path, content] : m_ctx.fs.files())
        EXPECT_EQ(content.find(m_openai_key), std::string::npos) << path;
    // The only place the raw value may appear is the runner's ::add-mask:: command.
    std::string err = m_ctx.err.str();
    const std::string mask = "::add-mask::" + m_openai_key + "\n";
    ASSERT_NE(err.find(mask), std::string::npos);
    err.erase(err.find(mask), mask.size());
    EXPECT_EQ(err.find(m_openai_key), std::string::npos);
    EXPECT_NE(err.find("::warning title=probe-endpoint%3A openai unhealthy::auth probe: auth: "),
              std::string::npos)
        << err;
}

TEST_F(Run, GitHubOutputsSummaryAndAnnotationPerUnhealthyProvider) {
    m_options.providers = {"openai", "anthropic", "mistral"};
    m_ctx.env.set("MISTRAL_API_KEY", "mistral-test-key-0001");
    m_ctx.env.set("GITHUB_ACTIONS", "true");
    m_ctx.env.set("GITHUB_OUTPUT", "gh/output");
    m_ctx.env.set("GITHUB_STEP_SUMMARY", "gh/summary");
    m_ctx.http.respond("api.openai.com", 200, testing::k_openai_models);
    m_ctx.http.respond("api.anthropic.com", 529, testing::k_anthropic_overloaded);
    m_ctx.http.fail_with("api.mistral.ai", lifeline::http::TransportError::Kind::dns,
                         "Could not resolve host: api.mistral.ai");
    EXPECT_EQ(run_tool(), 0);
    const std::string outputs = m_ctx.fs.files().at("gh/output");
    EXPECT_NE(outputs.find("healthy=openai\n"), std::string::npos) << outputs;
    EXPECT_NE(outputs.find("first-healthy=openai\n"), std::string::npos);
    EXPECT_NE(outputs.find("status=degraded\n"), std::string::npos);
    const std::string summary = m_ctx.fs.files().at("gh/summary");
    EXPECT_NE(summary.find("| mistral | auth | network | unhealthy | - |"), std::string::npos)
        << summary;
    const std::string err = m_ctx.err.str();
    EXPECT_NE(err.find("::warning title=probe-endpoint%3A anthropic degraded::"), std::string::npos)
        << err;
    EXPECT_NE(err.find("::warning title=probe-endpoint%3A mistral unhealthy::auth probe: network: "
                       "dns: Could not resolve host: api.mistral.ai"),
              std::string::npos)
        << err;
    EXPECT_EQ(err.find("openai unhealthy"), std::string::npos);
    const json doc = document();
    EXPECT_EQ(doc["errors"].size(), 2u);
    EXPECT_EQ(doc["errors"][1]["class"], "network");
}

TEST_F(Run, MissingKeyInAUserConfigIsAnAuthResultWithoutARequest) {
    m_options.providers = {"gemini"};
    EXPECT_EQ(run_tool(), 1);
    EXPECT_TRUE(m_ctx.http.requests().empty());
    const json result = document()["data"]["results"][0];
    EXPECT_EQ(result["class"], "auth");
    EXPECT_EQ(result["message"].get<std::string>().rfind("GEMINI_API_KEY is not set", 0), 0u);
    EXPECT_EQ(document()["status"], "failed");
}

TEST_F(Run, EmbeddedDefaultListsSkippedProviders) {
    m_options.common.config_path.reset();
    ASSERT_TRUE(m_ctx.fs.remove_file("lifeline.yaml").ok());
    m_ctx.env.unset("ANTHROPIC_API_KEY");
    m_ctx.http.respond("api.openai.com/v1/models", 200, testing::k_openai_models);
    EXPECT_EQ(run_tool(), 0);
    EXPECT_EQ(m_ctx.http.requests().size(), 1u);
    const json data = document()["data"];
    EXPECT_EQ(data["healthy"], json::array({"openai"}));
    std::vector<std::string> skipped;
    for (const json& entry : data["skipped"])
        skipped.push_back(entry["name"].get<std::string>() + ": " +
                          entry["reason"].get<std::string>());
    EXPECT_NE(std::find(skipped.begin(), skipped.end(), "anthropic: ANTHROPIC_API_KEY is not set"),
              skipped.end());
    EXPECT_EQ(skipped.size(), 6u);  // every provider but openai, local included
    EXPECT_EQ(document()["summary"], "1 of 1 healthy, 6 skipped");
}

TEST_F(Run, RequireConditionsFromFlagsAndConfig) {
    m_options.providers = {"openai", "mistral"};
    m_options.require = {"latency_ms < 500"};
    m_options.require_healthy = "all";
    m_ctx.env.set("MISTRAL_API_KEY", "mistral-test-key-0001");
    m_ctx.http.on("api.openai.com",
                  [](const lifeline::http::HttpRequest&) -> lifeline::http::HttpResult {
                      lifeline::http::HttpResponse response{200, {}, testing::k_openai_models, {}};
                      response.timing.total_ms = 800;
                      return response;
                  });
    m_ctx.http.on(
        "api.mistral.ai", [](const lifeline::http::HttpRequest&) -> lifeline::http::HttpResult {
            lifeline::http::HttpResponse response{200, {}, testing::k_openai_models, {}};
            response.timing.total_ms = 3200;  // passes nothing: mistral's config says < 3000 too
            return response;
        });
    EXPECT_EQ(run_tool(), 1);
    const json results = document()["data"]["results"];
    EXPECT_EQ(results[0]["conditions_failed"], json::array({"latency_ms < 500"}));
    EXPECT_EQ(results[1]["conditions_failed"],
              json::array({"latency_ms < 500", "latency_ms < 3000"}));
    EXPECT_EQ(document()["summary"], "0 of 2 healthy (required: all)");
}

TEST_F(Run, BadFlagsAndConditionsAreUsageErrors) {
    m_options.require = {"latency_ms < soon"};
    EXPECT_EQ(run_tool(), 2);
    EXPECT_NE(m_ctx.err.str().find("probe-endpoint: error: --require: condition \"latency_ms < "
                                   "soon\": column 14: expected a number"),
              std::string::npos)
        << m_ctx.err.str();
    EXPECT_EQ(document()["status"], "error");
    EXPECT_TRUE(m_ctx.http.requests().empty());

    TestContext other;
    Options options;
    options.timeout = "fast";
    EXPECT_EQ(run(options, other.context), 2);
    EXPECT_NE(other.err.str().find("--timeout: expected a positive duration"), std::string::npos);
}

TEST_F(Run, ABadConditionInTheConfigPointsAtItsLine) {
    std::string yaml = testing::k_fleet_yaml;
    yaml.replace(yaml.find("latency_ms < 3000"), 17, "latency_ms << 3000");
    m_ctx.fs.put("lifeline.yaml", yaml);
    EXPECT_EQ(run_tool(), 2);
    EXPECT_NE(m_ctx.err.str().find("lifeline.yaml:"), std::string::npos) << m_ctx.err.str();
    EXPECT_NE(m_ctx.err.str().find("providers.mistral.require[0]"), std::string::npos);
}

TEST_F(Run, TimeoutAndDeadlineBoundEveryRequest) {
    m_options.providers = {"openai"};
    m_options.probes = "auth,stream";
    m_options.timeout = "3s";
    m_options.deadline = "1500ms";
    m_ctx.http.fail_with("api.openai.com", lifeline::http::TransportError::Kind::timeout,
                         "Operation timed out after 1500 milliseconds");
    EXPECT_EQ(run_tool(), 1);
    ASSERT_EQ(m_ctx.http.requests().size(), 2u);
    for (const auto& request : m_ctx.http.requests())
        EXPECT_EQ(request.timeouts.total, lifeline::Duration(1500));
    EXPECT_TRUE(static_cast<bool>(m_ctx.http.requests()[1].on_body_chunk));
    const json result = document()["data"]["results"][0];
    EXPECT_EQ(result["class"], "timeout");
    EXPECT_EQ(result["message"].get<std::string>().rfind("overall deadline reached", 0), 0u);
}

TEST_F(Run, StreamProbeReportsTtftAndTokenCost) {
    m_options.models = {"gpt-5.5"};
    m_options.probes = "stream";
    m_ctx.http.respond("api.openai.com/v1/responses", 200, testing::k_responses_stream);
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    EXPECT_EQ(doc["data"]["healthy"], json::array({"openai/gpt-5.5"}));
    EXPECT_EQ(doc["data"]["results"][0]["model"], "gpt-5.5");
    EXPECT_EQ(doc["data"]["results"][0]["request_id"], "resp_s1");
    EXPECT_EQ(doc["data"]["cost"]["tokens"], 25);
    EXPECT_EQ(doc["data"]["cost"]["basis"], "reported");
}

TEST_F(Run, TextFormatPrintsTheTable) {
    m_options.providers = {"openai"};
    m_options.common.format = lifeline::app::OutputFormat::text;
    m_ctx.http.respond("api.openai.com/v1/models", 200, testing::k_openai_models);
    EXPECT_EQ(run_tool(), 0);
    EXPECT_EQ(m_ctx.out.str().rfind("TARGET  PROBE  CLASS  HEALTH   HTTP", 0), 0u)
        << m_ctx.out.str();
}

TEST_F(Run, ReportFilesAndDotenv) {
    m_options.providers = {"openai", "anthropic"};
    m_options.junit_path = "reports/probe.xml";
    m_options.prometheus_path = "metrics/probe.prom";
    m_options.common.dotenv_path = "probe.env";
    m_ctx.http.respond("api.openai.com", 200, testing::k_openai_models);
    m_ctx.http.respond("api.anthropic.com", 401, testing::k_anthropic_auth);
    EXPECT_EQ(run_tool(), 0);
    const auto& files = m_ctx.fs.files();
    EXPECT_NE(files.at("reports/probe.xml").find("<testcase name=\"anthropic\""),
              std::string::npos);
    EXPECT_NE(files.at("reports/probe.xml").find("type=\"auth\""), std::string::npos);
    EXPECT_NE(files.at("metrics/probe.prom").find("probe_success{target=\"anthropic\""),
              std::string::npos);
    EXPECT_EQ(files.at("probe.env"),
              "PROBE_HEALTHY=openai\nPROBE_FIRST_HEALTHY=openai\nPROBE_STATUS=degraded\n");

    // A Prometheus path the collector would never read is an error, and turns exit 0 into 1.
    TestContext other;
    other.fs.put("lifeline.yaml", testing::k_fleet_yaml);
    other.env.set("OPENAI_API_KEY", m_openai_key);
    Options options = m_options;
    options.providers = {"openai"};
    options.prometheus_path = "metrics/probe.txt";
    other.http.respond("api.openai.com", 200, testing::k_openai_models);
    EXPECT_EQ(run(options, other.context), 1);
}

TEST_F(Run, ObservationsGoToTheStateStore) {
    const lifeline::testing::TempDir dir("probe-endpoint");
    const std::string db = dir.file("state.db");
    m_options.no_state = false;
    m_options.common.state_url = "sqlite://" + db;
    m_options.providers = {"openai"};
    m_ctx.http.respond("api.openai.com", 503, testing::k_anthropic_overloaded);
    EXPECT_EQ(run_tool(), 1);
    auto store = lifeline::state::open_state_store("sqlite://" + db, m_ctx.clock);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto seen = store->store->recent_observations("openai", 5);
    ASSERT_TRUE(seen.ok());
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ((*seen)[0].http_status, 503);
    EXPECT_EQ((*seen)[0].failure, lifeline::FailureClass::overloaded);
}

TEST_F(Run, AnUnreachableStoreIsAWarningNotAFailure) {
    m_options.no_state = false;
    m_options.common.state_url = "redis://127.0.0.1:1/0";
    m_options.providers = {"openai"};
    m_ctx.http.respond("api.openai.com", 200, testing::k_openai_models);
    EXPECT_EQ(run_tool(), 0);
    EXPECT_NE(m_ctx.err.str().find("probe-endpoint: warning: health not recorded"),
              std::string::npos)
        << m_ctx.err.str();
    EXPECT_EQ(document()["errors"][0]["class"], "state");
}

}  // namespace
}  // namespace probe_endpoint
