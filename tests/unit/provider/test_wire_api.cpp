#include <gtest/gtest.h>

#include <lifeline/provider/wire_api.hpp>

#include "provider_fixtures.hpp"

namespace lifeline::provider {
namespace {

using config::ProviderKind;
using testing::make_provider;

TEST(WireApi, NativeApiFollowsTheKindAndTheModelsCapabilities) {
    config::ModelConfig chat_only;
    config::ModelConfig responses;
    responses.capabilities = {"tools", "responses"};
    const auto openai = make_provider(ProviderKind::openai, "https://api.openai.com/v1");
    EXPECT_EQ(native_wire_api(openai, &responses), WireApi::responses);
    EXPECT_EQ(native_wire_api(openai, &chat_only), WireApi::chat_completions);
    EXPECT_EQ(native_wire_api(make_provider(ProviderKind::anthropic, "x"), nullptr),
              WireApi::anthropic_messages);
    EXPECT_EQ(native_wire_api(make_provider(ProviderKind::gemini, "x"), nullptr), WireApi::gemini);
    EXPECT_EQ(native_wire_api(make_provider(ProviderKind::openrouter, "x"), &responses),
              WireApi::chat_completions);
}

TEST(WireApi, ModelsUrlPerKind) {
    EXPECT_EQ(models_url(make_provider(ProviderKind::openai, "https://api.openai.com/v1/")),
              "https://api.openai.com/v1/models");
    EXPECT_EQ(models_url(make_provider(ProviderKind::anthropic, "https://api.anthropic.com")),
              "https://api.anthropic.com/v1/models");
    auto azure = make_provider(ProviderKind::azure, "https://org.openai.azure.com/openai");
    azure.api_version = "2025-04-01-preview";
    EXPECT_EQ(models_url(azure),
              "https://org.openai.azure.com/openai/models?api-version=2025-04-01-preview");
}

TEST(WireApi, GenerateUrlPerApi) {
    auto azure = make_provider(ProviderKind::azure, "https://org.openai.azure.com/openai");
    azure.api_version = "2025-04-01-preview";
    EXPECT_EQ(generate_url(azure, WireApi::chat_completions, "gpt-5-prod", false),
              "https://org.openai.azure.com/openai/deployments/gpt-5-prod/chat/completions"
              "?api-version=2025-04-01-preview");
    const auto gemini =
        make_provider(ProviderKind::gemini, "https://generativelanguage.googleapis.com/v1beta");
    EXPECT_EQ(generate_url(gemini, WireApi::gemini, "gemini-3-1-pro", true),
              "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-1-pro"
              ":streamGenerateContent?alt=sse");
    EXPECT_EQ(
        generate_url(gemini, WireApi::gemini, "gemini-3-1-pro", false),
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-1-pro:generateContent");
    const auto openai = make_provider(ProviderKind::openai, "http://127.0.0.1:9/v1");
    EXPECT_EQ(generate_url(openai, WireApi::responses, "gpt-5.5", true),
              "http://127.0.0.1:9/v1/responses");
}

TEST(WireApi, KeyInfoOnlyForOpenRouter) {
    EXPECT_EQ(
        *key_info_url(make_provider(ProviderKind::openrouter, "https://openrouter.ai/api/v1")),
        "https://openrouter.ai/api/v1/key");
    const auto other =
        key_info_url(make_provider(ProviderKind::openai, "https://api.openai.com/v1"));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::unsupported);
}

}  // namespace
}  // namespace lifeline::provider
