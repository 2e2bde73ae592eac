#include <algorithm>

#include <gtest/gtest.h>

#include "fault_engine.hpp"

namespace provider_sim {
namespace {

using namespace std::chrono_literals;

Rule rule_named(const std::string& name) {
    Rule rule;
    rule.name = name;
    rule.kind = FaultKind::error;
    rule.failure_class = FailureClass::rate_limited;
    return rule;
}

TEST(GlobMatch, StarAndQuestionMark) {
    EXPECT_TRUE(glob_match("", "/v1/chat/completions"));
    EXPECT_TRUE(glob_match("/v1/*", "/v1/chat/completions"));
    EXPECT_TRUE(glob_match("gpt-5.?", "gpt-5.5"));
    EXPECT_TRUE(glob_match("*mini", "gpt-5.5-mini"));
    EXPECT_FALSE(glob_match("/v1/*", "/api/v1/key"));
    EXPECT_FALSE(glob_match("gpt-5.?", "gpt-5.55"));
}

TEST(MatchRule, FirstThreeRequestsThenHealthy) {
    Scenario scenario;
    Rule rule = rule_named("warm-up");
    rule.first_request = 1;
    rule.last_request = 3;
    scenario.rules.push_back(rule);
    EngineState state;
    RandomSource random(1);
    RequestFacts facts;
    std::vector<bool> fired;
    for (int n = 1; n <= 5; ++n) {
        facts.request_number = n;
        fired.push_back(match_rule(scenario, facts, state, random) != nullptr);
    }
    EXPECT_EQ(fired, (std::vector<bool>{true, true, true, false, false}));
}

TEST(MatchRule, TimeWindowIsHalfOpen) {
    Scenario scenario;
    Rule rule = rule_named("outage");
    rule.after = 5s;
    rule.before = 20s;
    scenario.rules.push_back(rule);
    EngineState state;
    RandomSource random(1);
    RequestFacts facts;
    auto fires_at = [&](Duration at) {
        facts.elapsed = at;
        return match_rule(scenario, facts, state, random) != nullptr;
    };
    EXPECT_FALSE(fires_at(4999ms));
    EXPECT_TRUE(fires_at(5s));
    EXPECT_TRUE(fires_at(19999ms));
    EXPECT_FALSE(fires_at(20s));
}

TEST(MatchRule, TimesLimitsFiringsAndFirstMatchWins) {
    Scenario scenario;
    Rule once = rule_named("once");
    once.times = 1;
    Rule always = rule_named("always");
    always.failure_class = FailureClass::overloaded;
    scenario.rules = {once, always};
    EngineState state;
    RandomSource random(1);
    RequestFacts facts;
    EXPECT_EQ(match_rule(scenario, facts, state, random)->name, "once");
    EXPECT_EQ(match_rule(scenario, facts, state, random)->name, "always");
    EXPECT_EQ(state.fired, (std::vector<int64_t>{1, 1}));
}

TEST(MatchRule, FamilyPathAndModelConditions) {
    Scenario scenario;
    Rule rule = rule_named("anthropic-sonnet");
    rule.family = Family::anthropic;
    rule.model = "claude-sonnet-*";
    scenario.rules.push_back(rule);
    EngineState state;
    RandomSource random(1);
    RequestFacts facts;
    facts.family = Family::anthropic;
    facts.model = "claude-sonnet-4-6";
    EXPECT_NE(match_rule(scenario, facts, state, random), nullptr);
    facts.model = "claude-haiku-4-5";
    EXPECT_EQ(match_rule(scenario, facts, state, random), nullptr);
    facts.family = Family::openai;
    facts.model = "claude-sonnet-4-6";
    EXPECT_EQ(match_rule(scenario, facts, state, random), nullptr);
}

TEST(MatchRule, ProbabilityIsRoughlyHonouredAndRepeatableBySeed) {
    Scenario scenario;
    Rule rule = rule_named("flaky");
    rule.probability = 0.25;
    scenario.rules.push_back(rule);
    auto run = [&](uint64_t seed) {
        EngineState state;
        RandomSource random(seed);
        RequestFacts facts;
        std::vector<bool> fired;
        for (int i = 0; i < 1000; ++i) {
            fired.push_back(match_rule(scenario, facts, state, random) != nullptr);
        }
        return fired;
    };
    auto first = run(42);
    EXPECT_EQ(first, run(42));
    const auto count = std::count(first.begin(), first.end(), true);
    EXPECT_GT(count, 180);
    EXPECT_LT(count, 320);
}

TEST(EffectiveDelay, JitterStaysWithinBounds) {
    Rule rule;
    rule.delay = 100ms;
    rule.jitter = 50ms;
    RandomSource random(3);
    bool saw_extra = false;
    for (int i = 0; i < 200; ++i) {
        Duration delay = effective_delay(rule, random);
        EXPECT_GE(delay, 100ms);
        EXPECT_LE(delay, 150ms);
        saw_extra = saw_extra || delay > 100ms;
    }
    EXPECT_TRUE(saw_extra);
    rule.jitter = 0ms;
    EXPECT_EQ(effective_delay(rule, random), 100ms);
}

}  // namespace
}  // namespace provider_sim
