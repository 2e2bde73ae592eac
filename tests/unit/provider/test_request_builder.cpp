#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lifeline/provider/request_builder.hpp>

#include "provider_fixtures.hpp"

namespace lifeline::provider {
namespace {

using config::ProviderKind;
using nlohmann::json;
using testing::make_provider;

const secret::Secret k_key(std::string("sk-test-0123456789abcdef"));

TEST(RequestHeaders, EachKindAuthenticatesItsOwnWay) {
    auto find = [](const http::Headers& headers, const char* name) {
        return http::find_header(headers, name).value_or("<absent>");
    };
    const auto openai = request_headers(make_provider(ProviderKind::openai, "x"), &k_key);
    EXPECT_EQ(find(openai, "authorization"), "Bearer sk-test-0123456789abcdef");

    const auto anthropic = request_headers(make_provider(ProviderKind::anthropic, "x"), &k_key);
    EXPECT_EQ(find(anthropic, "x-api-key"), "sk-test-0123456789abcdef");
    EXPECT_EQ(find(anthropic, "anthropic-version"), "2023-06-01");
    EXPECT_EQ(find(anthropic, "authorization"), "<absent>");

    const auto gemini = request_headers(make_provider(ProviderKind::gemini, "x"), &k_key);
    EXPECT_EQ(find(gemini, "x-goog-api-key"), "sk-test-0123456789abcdef");

    auto azure_config = make_provider(ProviderKind::azure, "x");
    EXPECT_EQ(find(request_headers(azure_config, &k_key), "api-key"), "sk-test-0123456789abcdef");
    azure_config.auth.mode = config::AuthConfig::Mode::command;
    EXPECT_EQ(find(request_headers(azure_config, &k_key), "authorization"),
              "Bearer sk-test-0123456789abcdef");
}

TEST(RequestHeaders, NoCredentialMeansNoAuthHeaderButExtraHeadersStay) {
    auto local = make_provider(ProviderKind::openai_compatible, "http://127.0.0.1:8000/v1");
    local.headers["X-Title"] = "lifeline";
    const auto headers = request_headers(local, nullptr);
    EXPECT_FALSE(http::find_header(headers, "authorization"));
    EXPECT_EQ(http::find_header(headers, "x-title").value_or(""), "lifeline");
}

TEST(GenerateBody, ChatUsesMaxCompletionTokensForOpenAiAndStreamsWithUsage) {
    GenerateOptions options;
    options.stream = true;
    const json body = json::parse(generate_body(
        WireApi::chat_completions, make_provider(ProviderKind::openai, "x"), "gpt-5.5", options));
    EXPECT_EQ(body["model"], "gpt-5.5");
    EXPECT_EQ(body["max_completion_tokens"], 16);
    EXPECT_FALSE(body.contains("max_tokens"));
    EXPECT_EQ(body["stream_options"]["include_usage"], true);
    EXPECT_EQ(body["messages"][0]["content"], "Return only: router-ok");

    const json compatible = json::parse(generate_body(
        WireApi::chat_completions, make_provider(ProviderKind::openrouter, "x"), "m", {}));
    EXPECT_EQ(compatible["max_tokens"], 16);
    EXPECT_FALSE(compatible.contains("stream"));
}

TEST(GenerateBody, ForcedToolCallInEveryDialect) {
    GenerateOptions options;
    options.force_tool = true;
    const auto provider = make_provider(ProviderKind::openai, "x");
    const json chat = json::parse(generate_body(WireApi::chat_completions, provider, "m", options));
    EXPECT_EQ(chat["tool_choice"]["function"]["name"], k_probe_tool_name);
    EXPECT_EQ(chat["tools"][0]["function"]["parameters"]["required"][0], "status");

    const json responses = json::parse(generate_body(WireApi::responses, provider, "m", options));
    EXPECT_EQ(responses["tool_choice"]["name"], k_probe_tool_name);
    EXPECT_EQ(responses["tools"][0]["type"], "function");
    EXPECT_GE(responses["max_output_tokens"].get<int>(), 16);

    const json anthropic =
        json::parse(generate_body(WireApi::anthropic_messages, provider, "m", options));
    EXPECT_EQ(anthropic["tool_choice"]["type"], "tool");
    EXPECT_EQ(anthropic["tools"][0]["input_schema"]["type"], "object");

    const json gemini = json::parse(generate_body(WireApi::gemini, provider, "m", options));
    EXPECT_EQ(gemini["toolConfig"]["functionCallingConfig"]["mode"], "ANY");
    EXPECT_EQ(gemini["tools"][0]["functionDeclarations"][0]["name"], k_probe_tool_name);
}

TEST(BuildRequest, GenerateRequestIsAJsonPostToTheRightUrl) {
    auto azure = make_provider(ProviderKind::azure, "https://org.openai.azure.com/openai");
    azure.api_version = "2025-04-01-preview";
    const auto request =
        build_generate_request(azure, WireApi::chat_completions, "dep", {}, &k_key);
    EXPECT_EQ(request.method, "POST");
    EXPECT_NE(request.url.find("/deployments/dep/chat/completions?api-version="),
              std::string::npos);
    EXPECT_EQ(http::find_header(request.headers, "content-type").value_or(""), "application/json");
    // Azure names the deployment in the URL, not in the body.
    EXPECT_FALSE(json::parse(request.body).contains("model"));
}

TEST(BuildRequest, KeyInfoRequestOnlyForOpenRouter) {
    EXPECT_TRUE(build_key_info_request(
        make_provider(ProviderKind::openrouter, "https://openrouter.ai/api/v1"), &k_key));
    EXPECT_FALSE(build_key_info_request(make_provider(ProviderKind::gemini, "x"), &k_key));
}

}  // namespace
}  // namespace lifeline::provider
