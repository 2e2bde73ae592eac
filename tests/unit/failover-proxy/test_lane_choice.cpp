// choose_lane and nameable_models (lane_choice.cpp): which lane a model name runs on, in the
// documented precedence, the lane header, and the 404 message for a name that is nothing.

#include <gtest/gtest.h>

#include "lane_choice.hpp"
#include "proxy_test_support.hpp"

namespace failover_proxy {
namespace {

using lifeline::Duration;
using lifeline::ErrorCode;
using testing::k_fleet_yaml;
using testing::load_config;

// The fleet, with aliases: an exact one and globs, two of which also match other names ("qwen*"
// the model qwen, "small-*" the lane small-edit).
const std::string k_aliases = R"yaml(aliases:
  coding-agent-auto: code
  claude-haiku-*: small-edit
  qwen*: code
  small-*: code
  "gpt-?": small-edit
)yaml";

lifeline::config::Config fleet(const std::string& extra = k_aliases) {
    return load_config(std::string(k_fleet_yaml) + extra);
}

LaneChoice must_choose(const lifeline::config::Config& config, std::string_view requested,
                       std::string_view header = "") {
    auto choice = choose_lane(config, requested, header);
    if (!choice) {
        ADD_FAILURE() << requested << ": " << choice.error().message;
        return {};
    }
    return std::move(choice).value();
}

TEST(ChooseLane, ALaneNameRunsThatLaneWithItsSettings) {
    const auto config = fleet();
    const LaneChoice choice = must_choose(config, "code");
    EXPECT_EQ(choice.lane, "code");
    EXPECT_EQ(choice.via, "lane");
    EXPECT_EQ(choice.chain, (std::vector<std::string>{"claude", "gpt-5.5", "qwen"}));
    EXPECT_EQ(choice.min_context, 100000);
    EXPECT_EQ(choice.first_token_timeout, Duration{20'000});
    EXPECT_EQ(choice.idle_timeout, Duration{60'000});
}

TEST(ChooseLane, ALaneWinsOverAGlobAliasMatchingIt) {
    const LaneChoice choice = must_choose(fleet(), "small-edit");  // "small-*" would match it
    EXPECT_EQ(choice.lane, "small-edit");
    EXPECT_EQ(choice.via, "lane");
    EXPECT_EQ(choice.chain, (std::vector<std::string>{"qwen", "gem"}));
    EXPECT_EQ(must_choose(fleet(), "small-fast").via, "alias small-*");
}

TEST(ChooseLane, ALaneWinsOverAModelOfTheSameName) {
    // A lane may be named like a model: the lane, with its failover chain, is what runs.
    const auto config = load_config(std::string(k_fleet_yaml) + "  gem: [gem, qwen]\n");
    const LaneChoice choice = must_choose(config, "gem");
    EXPECT_EQ(choice.via, "lane");
    EXPECT_EQ(choice.chain, (std::vector<std::string>{"gem", "qwen"}));
}

TEST(ChooseLane, AConfiguredModelRunsAloneAndAGlobAliasNeverHidesIt) {
    const auto config = fleet();
    const LaneChoice qwen = must_choose(config, "qwen");  // "qwen*" would match it
    EXPECT_EQ(qwen.lane, "qwen");
    EXPECT_EQ(qwen.via, "model");
    EXPECT_EQ(qwen.chain, std::vector<std::string>{"qwen"});
    EXPECT_EQ(qwen.min_context, 0);
    EXPECT_EQ(qwen.first_token_timeout, Duration{0});

    const LaneChoice gpt = must_choose(config, "gpt-5.5");
    EXPECT_EQ(gpt.via, "model");
    EXPECT_EQ(gpt.chain, std::vector<std::string>{"gpt-5.5"});
}

TEST(ChooseLane, AnExactAliasNamesItsLane) {
    const LaneChoice choice = must_choose(fleet(), "coding-agent-auto");
    EXPECT_EQ(choice.lane, "code");
    EXPECT_EQ(choice.via, "alias coding-agent-auto");
    EXPECT_EQ(choice.chain, (std::vector<std::string>{"claude", "gpt-5.5", "qwen"}));
    EXPECT_EQ(choice.idle_timeout, Duration{60'000});
}

TEST(ChooseLane, AGlobAliasCatchesTheNamesAgentsSend) {
    const auto config = fleet();
    const LaneChoice haiku = must_choose(config, "claude-haiku-4-5-20251001");
    EXPECT_EQ(haiku.lane, "small-edit");
    EXPECT_EQ(haiku.via, "alias claude-haiku-*");

    const LaneChoice qwen3 = must_choose(config, "qwen3-coder-plus");
    EXPECT_EQ(qwen3.lane, "code");
    EXPECT_EQ(qwen3.via, "alias qwen*");

    const LaneChoice one_char = must_choose(config, "gpt-5");
    EXPECT_EQ(one_char.lane, "small-edit");
    EXPECT_EQ(one_char.via, "alias gpt-?");
}

TEST(ChooseLane, AnUnknownNameGoesToTheDefaultLane) {
    const auto config = fleet(k_aliases + "default_lane: small-edit\n");
    const LaneChoice choice = must_choose(config, "some-model-nobody-configured");
    EXPECT_EQ(choice.lane, "small-edit");
    EXPECT_EQ(choice.via, "default_lane");
    EXPECT_EQ(choice.chain, (std::vector<std::string>{"qwen", "gem"}));
    // ... but only names that are nothing else.
    EXPECT_EQ(must_choose(config, "gpt-4.1").via, "model");
    EXPECT_EQ(must_choose(config, "claude-haiku-x").via, "alias claude-haiku-*");
}

TEST(ChooseLane, AnUnknownNameWithoutDefaultLaneIsNotFoundWithTheUsableNames) {
    auto choice = choose_lane(fleet(), "cod", "");
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().code, ErrorCode::not_found);
    const std::string& message = choice.error().message;
    EXPECT_NE(message.find("model \"cod\" is not a lane, alias or model of lifeline.yaml"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("(did you mean \"code\"?)"), std::string::npos) << message;
    EXPECT_NE(message.find("use one of: code, small-edit, coding-agent-auto, gpt-5.5, gpt-4.1, "
                           "claude, glm, gem, qwen, qwen-resp, azure-gpt, or-sonnet"),
              std::string::npos)
        << message;
    // Globs are patterns, not names a client can ask for.
    EXPECT_EQ(message.find("claude-haiku-*"), std::string::npos) << message;
}

TEST(ChooseLane, NoDidYouMeanWhenNothingIsClose) {
    auto choice = choose_lane(fleet(), "zzzzzzzzzzzzzzzzzzzz", "");
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().code, ErrorCode::not_found);
    EXPECT_EQ(choice.error().message.find("did you mean"), std::string::npos)
        << choice.error().message;
    EXPECT_NE(choice.error().message.find("use one of: code,"), std::string::npos);
}

TEST(ChooseLane, TheLaneHeaderOverridesTheRequestedModel) {
    const auto config = fleet();
    const LaneChoice by_lane = must_choose(config, "gpt-5.5", "small-edit");
    EXPECT_EQ(by_lane.lane, "small-edit");
    EXPECT_EQ(by_lane.via, "header lane");
    EXPECT_EQ(by_lane.chain, (std::vector<std::string>{"qwen", "gem"}));

    const LaneChoice by_alias = must_choose(config, "gpt-5.5", "coding-agent-auto");
    EXPECT_EQ(by_alias.lane, "code");
    EXPECT_EQ(by_alias.via, "header alias coding-agent-auto");

    const LaneChoice by_glob = must_choose(config, "code", "claude-haiku-4-5");
    EXPECT_EQ(by_glob.lane, "small-edit");
    EXPECT_EQ(by_glob.via, "header alias claude-haiku-*");
}

TEST(ChooseLane, AnUnknownLaneHeaderIsAnErrorEvenWithADefaultLane) {
    const auto config = fleet(k_aliases + "default_lane: code\n");
    auto choice = choose_lane(config, "code", "smal-edit");
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().code, ErrorCode::not_found);
    const std::string& message = choice.error().message;
    EXPECT_NE(message.find("lane header \"smal-edit\""), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean \"small-edit\""), std::string::npos) << message;
    EXPECT_NE(message.find("use one of: code, small-edit"), std::string::npos) << message;
}

TEST(ChooseLane, TheLaneHeaderMustNameALaneOrAliasNotAModel) {
    auto choice = choose_lane(fleet(), "code", "gpt-4.1");
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().code, ErrorCode::not_found);
}

TEST(NameableModels, LanesThenExactAliasesThenModelsWithoutDuplicates) {
    EXPECT_EQ(nameable_models(fleet()),
              (std::vector<std::string>{"code", "small-edit", "coding-agent-auto", "gpt-5.5",
                                        "gpt-4.1", "claude", "glm", "gem", "qwen", "qwen-resp",
                                        "azure-gpt", "or-sonnet"}));
}

}  // namespace
}  // namespace failover_proxy
