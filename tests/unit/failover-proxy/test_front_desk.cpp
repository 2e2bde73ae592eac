// The answers without an upstream (front_desk.cpp): the client token check in every place an
// agent puts its key, the models list in each API's shape, and count_tokens bodies.

#include <gtest/gtest.h>

#include "front_desk.hpp"
#include "proxy_test_support.hpp"

namespace failover_proxy {
namespace {

using lifeline::Headers;
using lifeline::translate::Api;
using testing::json_of;

const std::string k_token = "lifeline-proxy-token-0123456789";
const std::string k_target = "/v1/messages";

TEST(HasToken, AuthorizationBearerWithAnyCaseOfTheScheme) {
    for (const char* scheme : {"Bearer ", "bearer ", "BEARER ", "bEaReR "}) {
        const Headers headers = {{"Authorization", std::string(scheme) + k_token}};
        EXPECT_TRUE(has_token(headers, k_target, k_token)) << scheme;
    }
    // The header name is case-insensitive too, and surrounding spaces do not matter.
    EXPECT_TRUE(has_token({{"authorization", "Bearer  " + k_token + " "}}, k_target, k_token));
}

TEST(HasToken, TheKeyHeadersOfAnthropicAndGeminiClients) {
    EXPECT_TRUE(has_token({{"x-api-key", k_token}}, k_target, k_token));
    EXPECT_TRUE(has_token({{"X-Api-Key", k_token}}, k_target, k_token));
    EXPECT_TRUE(
        has_token({{"x-goog-api-key", k_token}}, "/v1beta/models/m:generateContent", k_token));
}

TEST(HasToken, GeminisKeyQueryParameter) {
    EXPECT_TRUE(
        has_token({}, "/v1beta/models/m:streamGenerateContent?alt=sse&key=" + k_token, k_token));
    EXPECT_FALSE(
        has_token({}, "/v1beta/models/m:streamGenerateContent?alt=sse&key=wrong", k_token));
}

TEST(HasToken, AWrongTokenIsRefusedInEveryPlace) {
    const std::string wrong = "lifeline-proxy-token-0123456780";  // same length, last char
    EXPECT_FALSE(has_token({{"Authorization", "Bearer " + wrong}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"x-api-key", wrong}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"x-goog-api-key", wrong}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"x-api-key", k_token + "x"}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"x-api-key", k_token.substr(1)}}, k_target, k_token));
    EXPECT_FALSE(has_token({}, "/v1/models?key=" + wrong, k_token));
}

TEST(HasToken, AMissingTokenIsRefused) {
    EXPECT_FALSE(has_token({}, k_target, k_token));
    EXPECT_FALSE(has_token({{"Content-Type", "application/json"}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"x-api-key", ""}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"Authorization", "Bearer "}}, k_target, k_token));
    // Only the Bearer scheme carries the token.
    EXPECT_FALSE(has_token({{"Authorization", "Basic " + k_token}}, k_target, k_token));
    EXPECT_FALSE(has_token({{"Authorization", k_token}}, k_target, k_token));
    // The token in another header or query parameter is not a credential.
    EXPECT_FALSE(has_token({{"x-token", k_token}}, k_target, k_token));
    EXPECT_FALSE(has_token({}, k_target + "?api_key=" + k_token, k_token));
}

// Claude Code sends x-api-key (ANTHROPIC_API_KEY) and, when ANTHROPIC_AUTH_TOKEN is also set,
// Authorization: Bearer with that other value: the token in any of the headers is enough.
TEST(HasToken, TheTokenInOneHeaderIsEnoughWhenAnotherCarriesSomethingElse) {
    EXPECT_TRUE(
        has_token({{"Authorization", "Bearer sk-ant-something-else"}, {"x-api-key", k_token}},
                  k_target, k_token));
    EXPECT_TRUE(has_token({{"Authorization", "Bearer " + k_token}, {"x-api-key", "other"}},
                          k_target, k_token));
    EXPECT_TRUE(
        has_token({{"x-api-key", "other"}, {"x-goog-api-key", k_token}}, k_target, k_token));
    EXPECT_TRUE(has_token({{"x-goog-api-key", "other"}}, "/v1beta/models?key=" + k_token, k_token));
}

TEST(ModelsShape, ByEndpointThenAnthropicVersionElseOpenAI) {
    const Endpoint openai = route_endpoint("GET", "/v1/models");
    const Endpoint gemini = route_endpoint("GET", "/v1beta/models");
    EXPECT_EQ(models_shape(openai, {}), Api::chat);
    EXPECT_EQ(models_shape(openai, {{"Authorization", "Bearer x"}}), Api::chat);
    EXPECT_EQ(models_shape(openai, {{"anthropic-version", "2023-06-01"}}), Api::messages);
    EXPECT_EQ(models_shape(openai, {{"Anthropic-Version", "2023-06-01"}}), Api::messages);
    EXPECT_EQ(models_shape(gemini, {}), Api::gemini);
    EXPECT_EQ(models_shape(gemini, {{"anthropic-version", "2023-06-01"}}), Api::gemini);
}

lifeline::config::Config small_config() {
    return testing::load_config(R"yaml(version: 1
providers:
  local: {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1, auth: none}
models:
  m1: {provider: local}
  m2: {provider: local}
lanes:
  code: [m1, m2]
aliases:
  coding-agent-auto: code
  claude-*: code
)yaml");
}

TEST(ModelsBody, OpenAIShapeListsLanesExactAliasesAndModels) {
    const auto body = json_of(models_body(Api::chat, small_config()));
    ASSERT_TRUE(body.is_object());
    EXPECT_EQ(body["object"], "list");
    ASSERT_EQ(body["data"].size(), 4u);
    std::vector<std::string> ids;
    for (const auto& entry : body["data"]) {
        ids.push_back(entry["id"]);
        EXPECT_EQ(entry["object"], "model");
        EXPECT_EQ(entry["owned_by"], "lifeline");
        EXPECT_TRUE(entry["created"].is_number());
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"code", "coding-agent-auto", "m1", "m2"}));
}

TEST(ModelsBody, AnthropicShapeHasPagingFields) {
    const auto body = json_of(models_body(Api::messages, small_config()));
    ASSERT_TRUE(body.is_object());
    ASSERT_EQ(body["data"].size(), 4u);
    EXPECT_EQ(body["data"][0]["type"], "model");
    EXPECT_EQ(body["data"][0]["id"], "code");
    EXPECT_EQ(body["data"][0]["display_name"], "code");
    EXPECT_TRUE(body["data"][0]["created_at"].is_string());
    EXPECT_EQ(body["has_more"], false);
    EXPECT_EQ(body["first_id"], "code");
    EXPECT_EQ(body["last_id"], "m2");
}

TEST(ModelsBody, GeminiShapeNamesModelsWithTheirMethods) {
    const auto body = json_of(models_body(Api::gemini, small_config()));
    ASSERT_TRUE(body.is_object());
    ASSERT_EQ(body["models"].size(), 4u);
    const auto& first = body["models"][0];
    EXPECT_EQ(first["name"], "models/code");
    EXPECT_EQ(first["displayName"], "code");
    EXPECT_EQ(first["supportedGenerationMethods"],
              (nlohmann::json{"generateContent", "streamGenerateContent", "countTokens"}));
    EXPECT_EQ(body["models"][3]["name"], "models/m2");
}

TEST(ModelsBody, AnEmptyConfigGivesEmptyListsInEveryShape) {
    const lifeline::config::Config empty;
    EXPECT_EQ(json_of(models_body(Api::chat, empty))["data"], nlohmann::json::array());
    const auto anthropic = json_of(models_body(Api::messages, empty));
    EXPECT_EQ(anthropic["data"], nlohmann::json::array());
    EXPECT_TRUE(anthropic["first_id"].is_null());
    EXPECT_TRUE(anthropic["last_id"].is_null());
    EXPECT_EQ(json_of(models_body(Api::gemini, empty))["models"], nlohmann::json::array());
}

TEST(CountTokensBody, AnthropicAndGeminiShapes) {
    EXPECT_EQ(json_of(count_tokens_body(Api::messages, 1234)),
              (nlohmann::json{{"input_tokens", 1234}}));
    EXPECT_EQ(json_of(count_tokens_body(Api::gemini, 1234)),
              (nlohmann::json{{"totalTokens", 1234}}));
    EXPECT_EQ(json_of(count_tokens_body(Api::messages, 0)), (nlohmann::json{{"input_tokens", 0}}));
}

}  // namespace
}  // namespace failover_proxy
