// libcommon/src/probe/targets.cpp and probe_kind.cpp: what one run probes and skips.
#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>
#include <lifeline/probe/probe_kind.hpp>
#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/probe/targets.hpp>

#include "fake_environment.hpp"
#include "probe_fixtures.hpp"

namespace probe_endpoint {
namespace {

using namespace lifeline::probe;  // what is tested lives in libcommon's probe module

using lifeline::testing::FakeEnvironment;

std::vector<std::string> names(const std::vector<Target>& targets) {
    std::vector<std::string> out;
    for (const Target& target : targets)
        out.push_back(target.name);
    return out;
}

TEST(Targets, EveryProviderWithItsFirstModelByDefault) {
    const auto config = testing::fleet_config();
    auto plan = select_targets(config, {}, FakeEnvironment{});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(names(plan->targets), (std::vector<std::string>{"openai", "azure", "anthropic",
                                                              "gemini", "openrouter", "mistral"}));
    EXPECT_EQ(plan->targets[0].model->name, "gpt-5.5");
    EXPECT_FALSE(plan->targets[0].per_model);
    // A user's own config is probed as written: a missing key is a finding, not a skip.
    EXPECT_TRUE(plan->skipped.empty());
}

TEST(Targets, ProviderSelectionKeepsConfigOrder) {
    const auto config = testing::fleet_config();
    auto plan = select_targets(config, {{"mistral", "openai"}, {}, ""}, FakeEnvironment{});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(names(plan->targets), (std::vector<std::string>{"openai", "mistral"}));
}

TEST(Targets, ModelAndLaneGiveModelTargetsWithoutDuplicates) {
    const auto config = testing::fleet_config();
    auto plan = select_targets(config, {{}, {"gpt-5.5"}, "code"}, FakeEnvironment{});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(names(plan->targets),
              (std::vector<std::string>{"openai/gpt-5.5", "anthropic/claude-sonnet-4-6"}));
    EXPECT_TRUE(plan->targets[0].per_model);
}

TEST(Targets, ProviderFilterAppliesToLaneModels) {
    const auto config = testing::fleet_config();
    auto plan = select_targets(config, {{"anthropic"}, {}, "code"}, FakeEnvironment{});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(names(plan->targets), (std::vector<std::string>{"anthropic/claude-sonnet-4-6"}));
}

TEST(Targets, UnknownNamesAreUsageErrorsWithSuggestions) {
    const auto config = testing::fleet_config();
    auto provider = select_targets(config, {{"opanai"}, {}, ""}, FakeEnvironment{});
    ASSERT_FALSE(provider.ok());
    EXPECT_EQ(provider.error().code, lifeline::ErrorCode::invalid_input);
    EXPECT_EQ(provider.error().message,
              "--provider: unknown provider \"opanai\" (did you mean \"openai\"?)");
    auto model = select_targets(config, {{}, {"gpt-55"}, ""}, FakeEnvironment{});
    ASSERT_FALSE(model.ok());
    EXPECT_NE(model.error().message.find("did you mean \"gpt-5.5\""), std::string::npos);
    auto lane = select_targets(config, {{}, {}, "architecture"}, FakeEnvironment{});
    ASSERT_FALSE(lane.ok());
    EXPECT_EQ(lane.error().message, "--lane: unknown lane \"architecture\" (known: code)");
}

TEST(Targets, EmbeddedDefaultProbesOnlyProvidersWhoseKeyIsSet) {
    auto config = lifeline::config::parse_config(lifeline::config::embedded_default_config(),
                                                 std::string(k_embedded_source));
    ASSERT_TRUE(config.ok());
    config->source = std::string(k_embedded_source);
    FakeEnvironment env({{"ANTHROPIC_API_KEY", "set"}, {"OPENAI_API_KEY", ""}});
    auto plan = select_targets(*config, {}, env);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(names(plan->targets), (std::vector<std::string>{"anthropic"}));
    ASSERT_FALSE(plan->skipped.empty());
    EXPECT_EQ(plan->skipped[0].name, "openai");
    EXPECT_EQ(plan->skipped[0].reason, "OPENAI_API_KEY is not set");
    const auto local = std::find_if(plan->skipped.begin(), plan->skipped.end(),
                                    [](const SkippedTarget& s) { return s.name == "local"; });
    ASSERT_NE(local, plan->skipped.end());
    EXPECT_NE(local->reason.find("auth: none"), std::string::npos);

    // Naming a provider probes it even without its key (the probe then reports auth).
    auto named = select_targets(*config, {{"openai", "local"}, {}, ""}, env);
    ASSERT_TRUE(named.ok());
    EXPECT_EQ(names(named->targets), (std::vector<std::string>{"openai", "local"}));
}

TEST(ProbeKinds, ParsesListsAndRejectsUnknownKinds) {
    auto kinds = parse_probe_kinds("auth, STREAM,auth,key");
    ASSERT_TRUE(kinds.ok());
    EXPECT_EQ(*kinds, (std::vector<ProbeKind>{ProbeKind::auth, ProbeKind::stream, ProbeKind::key}));
    auto typo = parse_probe_kinds("auth,strem");
    ASSERT_FALSE(typo.ok());
    EXPECT_EQ(typo.error().message,
              "--probe: unknown probe kind \"strem\" (did you mean \"stream\"?)");
    EXPECT_FALSE(parse_probe_kinds(" , ").ok());
}

TEST(ProbeKinds, ToolsNeedsTheCapabilityWhenCapabilitiesAreListed) {
    const auto config = testing::fleet_config();
    const auto* mistral = config.find_provider("mistral");
    const auto* openai = config.find_provider("openai");
    const auto* anthropic = config.find_provider("anthropic");
    EXPECT_NE(unsupported_reason(ProbeKind::tools, *mistral, config.find_model("mistral-large")),
              "");
    EXPECT_EQ(unsupported_reason(ProbeKind::tools, *openai, config.find_model("gpt-5.5")), "");
    // No capabilities listed: unknown, so the probe finds out.
    EXPECT_EQ(
        unsupported_reason(ProbeKind::tools, *anthropic, config.find_model("claude-sonnet-4-6")),
        "");
    EXPECT_NE(unsupported_reason(ProbeKind::generate, *openai, nullptr).find("no model configured"),
              std::string::npos);
    EXPECT_EQ(unsupported_reason(ProbeKind::auth, *openai, nullptr), "");
}

TEST(ProbePlan, SkipsWhatATargetCannotTakeAndPicksTheNativeApi) {
    const auto config = testing::fleet_config();
    auto targets =
        select_targets(config, {{"openai", "mistral", "anthropic"}, {}, ""}, FakeEnvironment{});
    ASSERT_TRUE(targets.ok());
    const ProbePlan plan = plan_probes(targets->targets, {ProbeKind::auth, ProbeKind::tools});
    ASSERT_EQ(plan.probes.size(), 5u);
    ASSERT_EQ(plan.skipped.size(), 1u);
    EXPECT_EQ(plan.skipped[0].name, "mistral");
    EXPECT_EQ(plan.skipped[0].probe, "tools");
    EXPECT_EQ(plan.probes[1].api, lifeline::provider::WireApi::responses);
    EXPECT_EQ(plan.probes[1].model_name(), "gpt-5.5");
    EXPECT_EQ(plan.probes[0].model_name(), "");  // auth on a provider target names no model
    EXPECT_EQ(plan.probes[3].target->name, "anthropic");
    EXPECT_EQ(plan.probes[3].api, lifeline::provider::WireApi::anthropic_messages);
    EXPECT_EQ(plan.probes[4].target->name, "mistral");
}

}  // namespace
}  // namespace probe_endpoint
