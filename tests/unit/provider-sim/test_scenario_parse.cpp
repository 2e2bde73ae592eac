#include <gtest/gtest.h>

#include "memory_file_system.hpp"
#include "scenario_parse.hpp"

namespace provider_sim {
namespace {

using namespace std::chrono_literals;

TEST(ParseScenario, EmptyTextIsTheHealthyDefault) {
    auto scenario = parse_scenario_text("", "empty.yaml");
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    EXPECT_EQ(scenario->name, "default");
    EXPECT_TRUE(scenario->keys.empty());
    EXPECT_TRUE(scenario->rules.empty());
}

TEST(ParseScenario, ReadsEveryRuleField) {
    const char* text = R"(version: 1
name: primary
keys: [sk-sim-1]
management_keys: [sk-mgmt]
models: [gpt-5.5]
context_window: 1000
seed: 9
reply: {text: "done", tool_call: {name: shell, arguments: '{"cmd":"ls"}'}}
rules:
  - name: warm-up
    match: {family: openai, path: "/v1/*", model: "gpt-*", requests: 1-3, after: 1s, before: 1m, probability: 0.5, times: 2}
    fault: rate_limited
    retry_after: 1500ms
    status: 429
    message: slow down
    delay: 100ms
    jitter: 20ms
  - match: {requests: "4-"}
    fault: stream_error
    cut_after: 1
)";
    auto scenario = parse_scenario_text(text, "s.yaml");
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    EXPECT_EQ(scenario->name, "primary");
    EXPECT_EQ(scenario->management_keys, std::vector<std::string>{"sk-mgmt"});
    EXPECT_EQ(scenario->context_window, 1000);
    ASSERT_TRUE(scenario->reply.tool_name);
    EXPECT_EQ(*scenario->reply.tool_name, "shell");
    ASSERT_EQ(scenario->rules.size(), 2u);
    const Rule& warm = scenario->rules[0];
    EXPECT_EQ(warm.kind, FaultKind::error);
    EXPECT_EQ(warm.failure_class, FailureClass::rate_limited);
    EXPECT_EQ(warm.family, Family::openai);
    EXPECT_EQ(warm.first_request, 1);
    EXPECT_EQ(warm.last_request, 3);
    EXPECT_EQ(warm.after, Duration(1s));
    EXPECT_EQ(warm.before, Duration(1min));
    EXPECT_DOUBLE_EQ(warm.probability, 0.5);
    EXPECT_EQ(warm.times, 2);
    EXPECT_EQ(warm.retry_after, Duration(1500ms));
    EXPECT_EQ(warm.delay, 100ms);
    EXPECT_EQ(warm.location.line, 10);
    const Rule& late = scenario->rules[1];
    EXPECT_EQ(late.name, "rule 2");
    EXPECT_EQ(late.first_request, 4);
    EXPECT_EQ(late.last_request, 0);
    EXPECT_EQ(late.kind, FaultKind::stream_error);
    EXPECT_EQ(late.failure_class, FailureClass::overloaded);  // stream_error's default
}

TEST(ParseScenario, UnknownFaultIsLocatedWithSuggestion) {
    auto scenario = parse_scenario_text("rules:\n  - fault: rate_limted\n", "drill.yaml");
    ASSERT_FALSE(scenario);
    const std::string message = scenario.error().to_string();
    EXPECT_NE(message.find("drill.yaml:2:"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean \"rate_limited\""), std::string::npos) << message;
}

TEST(ParseScenario, UnknownKeyAndBadValuesAreLocated) {
    auto typo = parse_scenario_text("name: x\nrulez: []\n", "a.yaml");
    ASSERT_FALSE(typo);
    EXPECT_NE(typo.error().to_string().find("a.yaml:2:"), std::string::npos);
    auto range =
        parse_scenario_text("rules:\n  - {fault: hang, match: {requests: 5-2}}\n", "b.yaml");
    ASSERT_FALSE(range);
    EXPECT_NE(range.error().to_string().find("b.yaml:2:"), std::string::npos);
    auto probability =
        parse_scenario_text("rules:\n  - {fault: hang, match: {probability: 2}}\n", "c.yaml");
    ASSERT_FALSE(probability);
    auto missing = parse_scenario_text("rules:\n  - {name: nothing}\n", "d.yaml");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().to_string().find("fault"), std::string::npos);
}

// Found by the sim_scenario fuzz target: the digits of a request number were summed without a
// bound, so a range like "-26666666666666666666" overflowed int64 (undefined behaviour).
TEST(ParseScenario, RequestRangeBeyondInt64IsAnErrorNotAnOverflow) {
    for (const char* range :
         {"26666666666666666666", "-26666666666666666666", "1-99999999999999999999"}) {
        auto scenario = parse_scenario_text(
            std::string("rules:\n  - {fault: hang, match: {requests: \"") + range + "\"}}\n",
            "e.yaml");
        ASSERT_FALSE(scenario) << range;
        EXPECT_NE(scenario.error().to_string().find("e.yaml:2:"), std::string::npos) << range;
    }
    auto largest = parse_scenario_text(
        "rules:\n  - {fault: hang, match: {requests: \"1-9223372036854775807\"}}\n", "f.yaml");
    ASSERT_TRUE(largest) << largest.error().to_string();
    EXPECT_EQ(largest->rules[0].last_request, 9223372036854775807);
}

TEST(ParseFleet, InlineAndFileEntriesKeepTheirNames) {
    lifeline::testing::MemoryFileSystem fs;
    ASSERT_TRUE(fs.write_file_atomic("/drill/blocked.yaml", "rules:\n  - fault: region_blocked\n"));
    const char* text = R"(version: 1
providers:
  primary: {keys: [sk-a], rules: [{fault: rate_limited, match: {requests: 1-5}}]}
  tertiary: blocked.yaml
)";
    auto fleet = parse_fleet_text(text, "/drill/fleet.yaml", fs);
    ASSERT_TRUE(fleet) << fleet.error().to_string();
    ASSERT_EQ(fleet->instances.size(), 2u);
    EXPECT_EQ(fleet->instances[0].name, "primary");
    EXPECT_EQ(fleet->instances[1].name, "tertiary");
    EXPECT_EQ(fleet->instances[1].rules[0].failure_class, FailureClass::region_blocked);
}

TEST(ParseFleet, ErrorsInAReferencedFileNameThatFile) {
    lifeline::testing::MemoryFileSystem fs;
    ASSERT_TRUE(fs.write_file_atomic("/drill/bad.yaml", "rules:\n  - fault: nope\n"));
    auto fleet = parse_fleet_text("providers:\n  a: bad.yaml\n", "/drill/fleet.yaml", fs);
    ASSERT_FALSE(fleet);
    EXPECT_NE(fleet.error().to_string().find("/drill/bad.yaml:2:"), std::string::npos)
        << fleet.error().to_string();
    auto missing = parse_fleet_text("providers:\n  a: gone.yaml\n", "/drill/fleet.yaml", fs);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().to_string().find("fleet.yaml:2:"), std::string::npos);
}

}  // namespace
}  // namespace provider_sim
