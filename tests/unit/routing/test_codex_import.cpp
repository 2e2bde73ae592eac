// Importing a team's existing Codex config.toml as candidates.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <lifeline/config/codex_import.hpp>

#include "routing_fixture.hpp"

namespace lifeline::routing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace lifeline::routing::testing;
using config::merge_codex_import;  // the import is config's; routing chooses among it
using config::parse_codex_config;

// Shaped like the config.toml files teams keep: a default model on a gateway, Azure, and
// legacy profiles (written in an order that differs from their sorted names).
constexpr const char* k_codex_toml = R"toml(model = "gpt-5.5"
model_provider = "gateway"
approval_policy = "never"

[model_providers.gateway]
name = "Team gateway"
base_url = "https://llm-gateway.internal.example/v1"
env_key = "GATEWAY_API_KEY"
wire_api = "responses"
request_max_retries = 4
http_headers = { "X-Team" = "platform" }

[model_providers.azure]
name = "Azure"
base_url = "https://acme.openai.azure.com/openai"
env_key = "AZURE_OPENAI_API_KEY"
query_params = { api-version = "2025-04-01-preview" }

[profiles.zeta-fast]
model = "gpt-5.5-mini"
model_provider = "azure"
model_context_window = 272000

[profiles.alpha-direct]
model = "gpt-5.5"
model_provider = "openai"
)toml";

TEST(CodexImport, ProvidersProfilesAndTheCodexLane) {
    auto imported = parse_codex_config(k_codex_toml, "config.toml");
    ASSERT_TRUE(imported) << imported.error().to_string();
    ASSERT_EQ(imported->providers.size(), 3u);  // gateway, azure, and the built-in openai
    const auto find = [&](const std::string& name) {
        for (const auto& p : imported->providers)
            if (p.name == name)
                return p;
        ADD_FAILURE() << "no provider " << name;
        return config::ProviderConfig{};
    };
    const config::ProviderConfig gateway = find("gateway");
    EXPECT_EQ(gateway.kind, config::ProviderKind::openai_compatible);
    EXPECT_EQ(gateway.auth.env, "GATEWAY_API_KEY");
    EXPECT_EQ(gateway.headers.at("X-Team"), "platform");
    const config::ProviderConfig azure = find("azure");
    EXPECT_EQ(azure.kind, config::ProviderKind::azure);
    EXPECT_EQ(azure.api_version, "2025-04-01-preview");
    EXPECT_EQ(find("openai").auth.env, "OPENAI_API_KEY");

    // Top level first, then profiles in file order (zeta before alpha).
    EXPECT_EQ(imported->lane.name, "codex");
    EXPECT_THAT(imported->lane.chain, ElementsAre("gpt-5.5", "gpt-5.5-mini", "gpt-5.5@openai"));
    EXPECT_EQ(imported->models[1].context_window, 272000);
    EXPECT_EQ(imported->models[2].provider, "openai");
    EXPECT_TRUE(imported->warnings.empty());
}

TEST(CodexImport, MergedCandidatesAvoidNameClashes) {
    config::Config config = routing_config();
    auto imported = parse_codex_config(k_codex_toml, "config.toml");
    ASSERT_TRUE(imported);
    merge_codex_import(config, *imported);
    auto candidates = build_candidates(config, {"codex", {}});
    ASSERT_TRUE(candidates) << candidates.error().to_string();
    std::vector<std::string> labels;
    for (const auto& route : candidates->candidates)
        labels.push_back(route.candidate.label());
    // lifeline.yaml already has providers openai/azure and model gpt-5.5, gpt-5.5-mini.
    EXPECT_THAT(labels, ElementsAre("gateway/gpt-5.5@codex", "azure@codex/gpt-5.5-mini@codex",
                                    "openai@codex/gpt-5.5@openai"));
    EXPECT_EQ(candidates->candidates[0].model.id, "gpt-5.5");
    EXPECT_EQ(candidates->candidates[1].provider.base_url, "https://acme.openai.azure.com/openai");
}

TEST(CodexImport, MalformedTomlNamesFileLineAndColumn) {
    auto imported = parse_codex_config("model = \"gpt-5.5\"\n[model_providers.x\nbase_url = 1\n",
                                       "/home/ci/.codex/config.toml");
    ASSERT_FALSE(imported);
    EXPECT_EQ(imported.error().code, ErrorCode::config);
    ASSERT_TRUE(imported.error().location);
    EXPECT_EQ(imported.error().location->line, 2);
    EXPECT_THAT(imported.error().to_string(), HasSubstr("/home/ci/.codex/config.toml:2:"));
}

TEST(CodexImport, WrongTypesAndMissingFieldsAreLocated) {
    auto wrong = parse_codex_config("[model_providers.gw]\nbase_url = 42\n", "config.toml");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().to_string(),
              "config.toml:2:12: model_providers.gw.base_url: expected a string");

    auto missing = parse_codex_config("[model_providers.gw]\nenv_key = \"K\"\n", "config.toml");
    ASSERT_FALSE(missing);
    EXPECT_THAT(missing.error().to_string(), HasSubstr("model_providers.gw: base_url is required"));
}

TEST(CodexImport, NonAsciiOutsideQuotesIsALocatedErrorNotUndefinedBehaviour) {
    // toml++ 3.3 as Debian ships it reaches __builtin_unreachable on `é` where it looks for
    // whitespace (codex_toml fuzz finding); lifeline builds against a fixed copy
    // (cmake/PatchedTomlplusplus.cmake).
    auto bare = parse_codex_config("model = \"m\"\n\xc3\xa9 = 1\n", "config.toml");
    ASSERT_FALSE(bare);
    EXPECT_THAT(bare.error().to_string(), HasSubstr("config.toml:2:1: "));

    auto quoted = parse_codex_config("model = \"mod\xc3\xa8le\" # caf\xc3\xa9\n", "config.toml");
    ASSERT_TRUE(quoted) << quoted.error().to_string();
    EXPECT_EQ(quoted->models.at(0).id, "mod\xc3\xa8le");
}

TEST(CodexImport, UnknownModelProviderIsAnError) {
    auto imported = parse_codex_config(
        "model = \"m\"\nmodel_provider = \"gatewy\"\n[model_providers.gateway]\nbase_url = "
        "\"http://127.0.0.1:9/v1\"\n",
        "config.toml");
    ASSERT_FALSE(imported);
    EXPECT_EQ(
        imported.error().to_string(),
        "config.toml:2:18: model_provider: unknown model_provider \"gatewy\" (known: gateway)");
}

TEST(CodexImport, BearerTokensInTheFileAreNeverImported) {
    auto imported = parse_codex_config(
        "model = \"m\"\nmodel_provider = \"gw\"\n[model_providers.gw]\nbase_url = "
        "\"http://127.0.0.1:9/v1\"\nexperimental_bearer_token = "
        "\"sk-proj-abcdefghijklmnopqrstuvwxyz\"\n",
        "config.toml");
    ASSERT_TRUE(imported);
    EXPECT_EQ(imported->providers[0].auth.mode, config::AuthConfig::Mode::none);
    ASSERT_EQ(imported->warnings.size(), 1u);
    EXPECT_THAT(imported->warnings[0], HasSubstr("experimental_bearer_token ignored"));
    EXPECT_THAT(imported->warnings[0], ::testing::Not(HasSubstr("sk-proj")));
}

TEST(CodexImport, NoModelAnywhereGivesAnEmptyLane) {
    auto imported = parse_codex_config("approval_policy = \"never\"\n", "config.toml");
    ASSERT_TRUE(imported);
    EXPECT_TRUE(imported->lane.chain.empty());
    config::Config config = routing_config();
    merge_codex_import(config, *imported);
    RoutingRequest request;
    request.candidates = build_candidates(config, {"codex", {}}).value();
    EXPECT_FALSE(decide_route(request).has_choice());
}

}  // namespace
}  // namespace lifeline::routing
