// A model's vendor: the documented defaults per provider kind and model id, and the overrides
// (model over provider over default) with file:line errors for bad values.

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>
#include <lifeline/config/vendor.hpp>

namespace lifeline::config {
namespace {

TEST(DefaultVendor, ComesFromTheProviderKindForFirstPartyApis) {
    EXPECT_EQ(default_vendor(ProviderKind::openai, "gpt-5.5"), "openai");
    EXPECT_EQ(default_vendor(ProviderKind::azure, "gpt-5-5-prod"), "openai");
    EXPECT_EQ(default_vendor(ProviderKind::anthropic, "claude-sonnet-4-6"), "anthropic");
    EXPECT_EQ(default_vendor(ProviderKind::gemini, "gemini-3-1-pro"), "google");
}

TEST(DefaultVendor, ComesFromTheOrganisationPrefixOnAggregators) {
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "anthropic/claude-sonnet-4-6"), "anthropic");
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "deepseek/deepseek-v4"), "deepseek");
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "meta-llama/llama-4-maverick"), "meta");
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "mistralai/devstral-medium"), "mistral");
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "x-ai/grok-4"), "xai");
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "Qwen/qwen3-coder"), "qwen");
    // The router picks the model: nobody can say who trained it.
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "openrouter/auto"), "unknown");
    EXPECT_EQ(default_vendor(ProviderKind::openrouter, "auto"), "unknown");
}

TEST(DefaultVendor, ComesFromWellKnownIdPrefixesOnOpenAiCompatibleServers) {
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "deepseek-chat"), "deepseek");
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "mistral-large-latest"), "mistral");
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "codestral-2508"), "mistral");
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "qwen2.5-coder"), "qwen");
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "Llama-3.3-70B"), "meta");
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "Qwen/Qwen3-Coder-30B"), "qwen");
    EXPECT_EQ(default_vendor(ProviderKind::openai_compatible, "my-finetune"), "unknown");
}

constexpr const char* k_vendor_yaml = R"(version: 1
providers:
  openai:     {kind: openai, auth: {env: OPENAI_API_KEY}}
  openrouter: {kind: openrouter, auth: {env: OPENROUTER_API_KEY}}
  vllm:       {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1, auth: none, vendor: qwen}
models:
  gpt-5.5:       {provider: openai}
  sonnet-via-or: {provider: openrouter, id: anthropic/claude-sonnet-4-6}
  house-coder:   {provider: vllm, id: house-coder-v2}
  tuned-gpt:     {provider: vllm, id: ft-7, vendor: openai}
lanes:
  review: {chain: [sonnet-via-or, gpt-5.5], different_vendor_from: author}
  code:   [gpt-5.5]
)";

TEST(CanonicalVendor, OtherNamesOfAnOrganisationMapToOneSpelling) {
    EXPECT_EQ(canonical_vendor("meta-llama"), "meta");
    EXPECT_EQ(canonical_vendor("x-ai"), "xai");
    EXPECT_EQ(canonical_vendor("deepseek-ai"), "deepseek");
    EXPECT_EQ(canonical_vendor("openai"), "openai");
    EXPECT_EQ(canonical_vendor("acme-labs"), "acme-labs");  // not in the table: as written
}

TEST(VendorOf, ModelOverridesProviderWhichOverridesTheDefault) {
    auto config = parse_config(k_vendor_yaml, "lifeline.yaml");
    ASSERT_TRUE(config) << config.error().to_string();
    const auto vendor = [&](const char* name) {
        const ModelConfig* model = config->find_model(name);
        return vendor_of(*model, *config->find_provider(model->provider));
    };
    EXPECT_EQ(vendor("gpt-5.5"), "openai");
    EXPECT_EQ(vendor("sonnet-via-or"), "anthropic");
    EXPECT_EQ(vendor("house-coder"), "qwen");  // the provider's vendor
    EXPECT_EQ(vendor("tuned-gpt"), "openai");  // the model's own wins
    EXPECT_TRUE(config->find_lane("review")->different_vendor_from_author);
    EXPECT_FALSE(config->find_lane("code")->different_vendor_from_author);
}

TEST(VendorOf, ABadVendorIsAFileLineError) {
    const std::string yaml = R"(version: 1
providers:
  openai: {kind: openai}
models:
  gpt-5.5: {provider: openai, vendor: "Open AI"}
)";
    auto config = parse_config(yaml, "lifeline.yaml");
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().code, ErrorCode::config);
    const std::string text = config.error().to_string();
    EXPECT_NE(text.find("lifeline.yaml:5:"), std::string::npos) << text;
    EXPECT_NE(text.find("vendor \"Open AI\""), std::string::npos) << text;
}

TEST(VendorOf, DifferentVendorFromTakesOnlyAuthor) {
    const std::string yaml = R"(version: 1
providers:
  openai: {kind: openai}
models:
  gpt-5.5: {provider: openai}
lanes:
  review: {chain: [gpt-5.5], different_vendor_from: writer}
)";
    auto config = parse_config(yaml, "lifeline.yaml");
    ASSERT_FALSE(config);
    const std::string text = config.error().to_string();
    EXPECT_NE(text.find("lifeline.yaml:7:"), std::string::npos) << text;
    EXPECT_NE(text.find("expected author"), std::string::npos) << text;
}

}  // namespace
}  // namespace lifeline::config
