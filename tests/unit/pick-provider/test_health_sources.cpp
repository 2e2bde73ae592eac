// tools/pick-provider/health_sources.cpp: probe documents, probe lines and the state store as
// health snapshots.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>
#include <lifeline/routing/store_health.hpp>
#include <lifeline/storage/backends.hpp>

#include "fake_clock.hpp"
#include "health_sources.hpp"
#include "pick_fixtures.hpp"

namespace pick_provider {
namespace {

using lifeline::FailureClass;
using lifeline::routing::RouteCandidate;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::vector<RouteCandidate> code_lane(const lifeline::config::Config& config) {
    return lifeline::routing::build_candidates(config, {"code", {}})->candidates;
}

lifeline::config::Config pick_config() {
    return lifeline::config::parse_config(testing::k_pick_yaml, "lifeline.yaml").value();
}

TEST(ProbeDocument, ReadsProviderModelClassAndLatency) {
    auto lines = parse_probe_document(testing::k_probe_document, "probe.json");
    ASSERT_TRUE(lines) << lines.error().to_string();
    ASSERT_EQ(lines->size(), 3u);
    EXPECT_EQ((*lines)[0].provider, "anthropic");
    EXPECT_EQ((*lines)[0].model, "");
    EXPECT_EQ((*lines)[0].failure, FailureClass::auth);
    EXPECT_FALSE((*lines)[1].failure);
    EXPECT_DOUBLE_EQ(*(*lines)[1].latency_ms, 243.6);
}

TEST(ProbeDocument, RejectsWhatIsNotAProbeDocument) {
    auto garbage = parse_probe_document("{\"schema\": ", "probe.json");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, lifeline::ErrorCode::invalid_input);
    EXPECT_THAT(garbage.error().message, HasSubstr("probe.json: not a probe-endpoint document"));

    auto other_tool =
        parse_probe_document(R"({"tool": "budget-check", "data": {"budgets": []}})", "budget.json");
    ASSERT_FALSE(other_tool);
    EXPECT_THAT(other_tool.error().message, HasSubstr("no data.results array"));

    auto bad_class = parse_probe_document(
        R"({"data": {"results": [{"provider": "openai", "class": "exploded"}]}})", "p.json");
    ASSERT_FALSE(bad_class);
    EXPECT_THAT(bad_class.error().message,
                HasSubstr("data.results[0]: unknown class \"exploded\""));
}

TEST(HealthFromLines, ProviderWideAuthSpeaksForEveryModelOfThatProvider) {
    const auto config = pick_config();
    const auto lines = parse_probe_document(testing::k_probe_document, "probe.json").value();
    const auto health = health_from_lines(lines, code_lane(config), "probe-results");
    ASSERT_EQ(health.size(), 3u);
    EXPECT_EQ(health.at("anthropic/claude-sonnet-4-6").last_class, FailureClass::auth);
    EXPECT_EQ(health.at("anthropic/claude-sonnet-4-6").source, "probe-results");
    EXPECT_FALSE(health.at("openai/gpt-5.5").last_class);
    EXPECT_EQ(health.at("openai/gpt-5.5").latency_p50, lifeline::Duration(244));
    EXPECT_DOUBLE_EQ(*health.at("openai/gpt-5.5").success_rate, 1.0);
    EXPECT_EQ(health.at("mistral/mistral-large").last_class, FailureClass::rate_limited);
}

TEST(HealthFromLines, OneDisqualifyingProbeOutweighsSuccesses) {
    const auto config = pick_config();
    std::vector<ProbeLine> lines = {{"openai", "gpt-5.5", std::nullopt, 200.0},
                                    {"openai", "", FailureClass::quota_exhausted, 90.0},
                                    {"openai", "gpt-5.5", std::nullopt, 300.0}};
    const auto health = health_from_lines(lines, code_lane(config), "probe");
    EXPECT_EQ(health.at("openai/gpt-5.5").last_class, FailureClass::quota_exhausted);
    EXPECT_NEAR(*health.at("openai/gpt-5.5").success_rate, 2.0 / 3.0, 1e-9);
    EXPECT_EQ(health.at("openai/gpt-5.5").latency_p50, lifeline::Duration(200));
    EXPECT_EQ(health.count("mistral/mistral-large"), 0u);  // nothing known
}

class StoreHealth : public ::testing::Test {
  protected:
    void observe(const std::string& candidate, std::optional<FailureClass> failure,
                 lifeline::Duration ago, lifeline::Duration latency = 300ms) {
        lifeline::state::Observation observation;
        observation.candidate = candidate;
        observation.failure = failure;
        observation.latency = latency;
        observation.time = m_clock.now() - ago;
        ASSERT_TRUE(m_store->record_observation(observation));
    }

    lifeline::testing::FakeClock m_clock;
    std::unique_ptr<lifeline::state::StateStore> m_store =
        lifeline::state::make_memory_store(m_clock);
    lifeline::config::Config m_config = pick_config();
};

TEST_F(StoreHealth, ConsecutiveFailuresOpenTheCircuit) {
    observe("anthropic/claude-sonnet-4-6", FailureClass::overloaded, 20s);
    observe("anthropic/claude-sonnet-4-6", FailureClass::overloaded, 15s);
    observe("anthropic/claude-sonnet-4-6", FailureClass::overloaded, 10s);
    observe("openai/gpt-5.5", std::nullopt, 5s, 250ms);
    auto health = lifeline::routing::health_from_store(*m_store, code_lane(m_config),
                                                       m_config.circuit, m_clock.now());
    ASSERT_TRUE(health) << health.error().to_string();
    const auto& claude = health->at("anthropic/claude-sonnet-4-6");
    EXPECT_EQ(claude.circuit, lifeline::policy::CircuitState::open);
    EXPECT_THAT(claude.circuit_reason, HasSubstr("consecutive"));
    EXPECT_EQ(health->at("openai/gpt-5.5").circuit, lifeline::policy::CircuitState::closed);
    EXPECT_EQ(health->at("openai/gpt-5.5").latency_p50, 250ms);
    EXPECT_EQ(health->count("mistral/mistral-large"), 0u);
}

TEST_F(StoreHealth, CooledDownCircuitIsHalfOpenAndMayBePicked) {
    for (int i = 0; i < 3; ++i)
        observe("openai/gpt-5.5", FailureClass::server_error, std::chrono::minutes(10) - i * 1s);
    auto health = lifeline::routing::health_from_store(*m_store, code_lane(m_config),
                                                       m_config.circuit, m_clock.now());
    ASSERT_TRUE(health);
    EXPECT_EQ(health->at("openai/gpt-5.5").circuit, lifeline::policy::CircuitState::half_open);
    EXPECT_FALSE(lifeline::routing::health_rejection(health->at("openai/gpt-5.5")));
}

TEST_F(StoreHealth, ProviderWideProbeAndStoredCircuitCount) {
    observe("openai/gpt-5.5", std::nullopt, 60s);
    observe("openai", FailureClass::auth, 5s);  // probe-endpoint's provider-wide auth probe
    lifeline::state::CircuitState open;
    open.phase = lifeline::state::CircuitPhase::open;
    open.retry_at = m_clock.now() + 20s;
    ASSERT_TRUE(m_store->set_circuit("mistral/mistral-large", open));
    auto health = lifeline::routing::health_from_store(*m_store, code_lane(m_config),
                                                       m_config.circuit, m_clock.now());
    ASSERT_TRUE(health);
    EXPECT_EQ(health->at("openai/gpt-5.5").last_class, FailureClass::auth);
    EXPECT_EQ(health->at("mistral/mistral-large").circuit, lifeline::policy::CircuitState::open);
    EXPECT_THAT(health->at("mistral/mistral-large").circuit_reason,
                HasSubstr("open in the state store until"));
}

}  // namespace
}  // namespace pick_provider
