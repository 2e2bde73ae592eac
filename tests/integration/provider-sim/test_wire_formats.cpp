// Every endpoint family over real HTTP: status, headers, and body shapes a client would parse.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim_process.hpp"

namespace provider_sim_it {
namespace {

using nlohmann::json;

const httplib::Headers k_bearer{{"Authorization", "Bearer sk-sim-1"}};
const char* k_chat = R"({"model":"gpt-5.5","messages":[{"role":"user","content":"hello there"}]})";

// The JSON of every "data:" line of an SSE body, [DONE] excluded.
std::vector<json> sse_data(const std::string& body) {
    std::vector<json> events;
    std::istringstream in(body);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("data: ", 0) == 0 && line != "data: [DONE]") {
            events.push_back(json::parse(line.substr(6)));
        }
    }
    return events;
}

class WireFormats : public ::testing::Test {
  protected:
    SimProcess sim{{"--listen", "127.0.0.1:0"}};
};

TEST_F(WireFormats, OpenAiModelsAndChatJson) {
    ASSERT_TRUE(sim.ready()) << sim.stderr_text();
    auto client = sim.client();
    auto models = client.Get("/v1/models", k_bearer);
    ASSERT_TRUE(models);
    EXPECT_EQ(models->status, 200);
    EXPECT_EQ(json::parse(models->body)["data"][0]["object"], "model");
    auto chat = client.Post("/v1/chat/completions", k_bearer, k_chat, "application/json");
    ASSERT_TRUE(chat);
    EXPECT_EQ(chat->status, 200);
    EXPECT_TRUE(chat->has_header("x-request-id"));
    EXPECT_TRUE(chat->has_header("x-ratelimit-remaining-tokens"));
    json body = json::parse(chat->body);
    EXPECT_EQ(body["choices"][0]["message"]["role"], "assistant");
    EXPECT_GT(body["usage"]["total_tokens"].get<int>(), 0);
}

TEST_F(WireFormats, OpenAiChatStreamIsChunkedSseEndingInDone) {
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    auto response = client.Post(
        "/v1/chat/completions", k_bearer,
        R"({"model":"gpt-5.5","stream":true,"stream_options":{"include_usage":true},"messages":[]})",
        "application/json");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->get_header_value("Content-Type").rfind("text/event-stream", 0), 0u);
    EXPECT_EQ(response->get_header_value("Transfer-Encoding"), "chunked");
    EXPECT_NE(response->body.find("data: [DONE]\n\n"), std::string::npos);
    auto events = sse_data(response->body);
    ASSERT_FALSE(events.empty());
    EXPECT_GT(events.back()["usage"]["completion_tokens"].get<int>(), 0);
}

TEST_F(WireFormats, ResponsesApiStream) {
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    auto response =
        client.Post("/v1/responses", k_bearer, R"({"model":"gpt-5.5","stream":true,"input":"hi"})",
                    "application/json");
    ASSERT_TRUE(response);
    auto events = sse_data(response->body);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front()["type"], "response.created");
    EXPECT_EQ(events.back()["type"], "response.completed");
    EXPECT_GT(events.back()["response"]["usage"]["output_tokens"].get<int>(), 0);
}

TEST_F(WireFormats, AzureDeploymentChat) {
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    auto response = client.Post(
        "/openai/deployments/gpt-5-prod/chat/completions?api-version=2025-04-01-preview",
        {{"api-key", "azure-key"}}, k_chat, "application/json");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(json::parse(response->body)["model"], "gpt-5-prod");
}

TEST_F(WireFormats, AnthropicMessagesJsonAndStream) {
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    httplib::Headers headers{{"x-api-key", "sk-ant-sim"}, {"anthropic-version", "2023-06-01"}};
    auto plain = client.Post(
        "/v1/messages", headers,
        R"({"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})",
        "application/json");
    ASSERT_TRUE(plain);
    json message = json::parse(plain->body);
    EXPECT_EQ(message["type"], "message");
    EXPECT_EQ(message["stop_reason"], "end_turn");
    EXPECT_TRUE(plain->has_header("request-id"));
    auto stream =
        client.Post("/v1/messages", headers,
                    R"({"model":"claude-sonnet-4-6","max_tokens":64,"stream":true,"messages":[]})",
                    "application/json");
    ASSERT_TRUE(stream);
    EXPECT_NE(stream->body.find("event: message_start\n"), std::string::npos);
    EXPECT_NE(stream->body.find("event: content_block_delta\n"), std::string::npos);
    EXPECT_NE(stream->body.find("event: message_stop\n"), std::string::npos);
}

TEST_F(WireFormats, GeminiGenerateAndStream) {
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    httplib::Headers headers{{"x-goog-api-key", "AIza-sim"}};
    const char* body = R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})";
    auto plain = client.Post("/v1beta/models/gemini-3-1-pro:generateContent", headers, body,
                             "application/json");
    ASSERT_TRUE(plain);
    EXPECT_EQ(json::parse(plain->body)["candidates"][0]["content"]["role"], "model");
    auto sse = client.Post("/v1beta/models/gemini-3-1-pro:streamGenerateContent?alt=sse", headers,
                           body, "application/json");
    ASSERT_TRUE(sse);
    auto events = sse_data(sse->body);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back()["candidates"][0]["finishReason"], "STOP");
    auto array = client.Post("/v1beta/models/gemini-3-1-pro:streamGenerateContent", headers, body,
                             "application/json");
    ASSERT_TRUE(array);
    EXPECT_TRUE(json::parse(array->body).is_array());
}

TEST(WireFormatsAuth, EachFamilyAnswers401InItsOwnShapeAnd403ForPermission) {
    TempDir dir;
    const std::string scenario = dir.write("auth.yaml", R"(keys: [sk-sim-1]
rules:
  - {match: {path: /v1/organization/*}, fault: permission}
)");
    SimProcess sim({"--listen", "127.0.0.1:0", "--scenario", scenario});
    ASSERT_TRUE(sim.ready()) << sim.stderr_text();
    auto client = sim.client();
    auto openai = client.Post("/v1/chat/completions", k_chat, "application/json");
    ASSERT_TRUE(openai);
    EXPECT_EQ(openai->status, 401);
    EXPECT_TRUE(json::parse(openai->body)["error"].contains("type"));
    auto anthropic =
        client.Post("/v1/messages", {{"x-api-key", "wrong"}, {"anthropic-version", "2023-06-01"}},
                    "{}", "application/json");
    ASSERT_TRUE(anthropic);
    EXPECT_EQ(anthropic->status, 401);
    EXPECT_EQ(json::parse(anthropic->body)["error"]["type"], "authentication_error");
    auto gemini =
        client.Post("/v1beta/models/gemini-3-1-pro:generateContent", "{}", "application/json");
    ASSERT_TRUE(gemini);
    EXPECT_EQ(gemini->status, 403);  // no key at all: PERMISSION_DENIED
    EXPECT_EQ(json::parse(gemini->body)["error"]["status"], "PERMISSION_DENIED");
    auto openrouter = client.Get("/api/v1/key", {{"Authorization", "Bearer nope"}});
    ASSERT_TRUE(openrouter);
    EXPECT_EQ(openrouter->status, 401);
    EXPECT_EQ(json::parse(openrouter->body)["error"]["code"], 401);
    auto forbidden = client.Get("/v1/organization/admin_api_keys", k_bearer);
    ASSERT_TRUE(forbidden);
    EXPECT_EQ(forbidden->status, 403);
    // The request log names paths and statuses, never key values.
    EXPECT_EQ(sim.stderr_text().find("sk-sim-1"), std::string::npos);
    EXPECT_NE(sim.stderr_text().find("POST /v1/chat/completions -> 401"), std::string::npos);
}

TEST(WireFormatsKeys, OpenRouterMintedKeyLifecycle) {
    TempDir dir;
    const std::string scenario =
        dir.write("keys.yaml", "keys: [sk-sim-1]\nmanagement_keys: [sk-or-mgmt]\n");
    SimProcess sim({"--listen", "127.0.0.1:0", "--scenario", scenario});
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    httplib::Headers mgmt{{"Authorization", "Bearer sk-or-mgmt"}};
    auto created =
        client.Post("/api/v1/keys", mgmt, R"({"name":"ci-runner","limit":10})", "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201);
    const std::string key = json::parse(created->body)["key"];
    const std::string hash = json::parse(created->body)["data"]["hash"];
    httplib::Headers minted{{"Authorization", "Bearer " + key}};
    auto used = client.Post("/api/v1/chat/completions", minted, k_chat, "application/json");
    ASSERT_TRUE(used);
    EXPECT_EQ(used->status, 200);
    auto listed = client.Get("/api/v1/keys", mgmt);
    ASSERT_TRUE(listed);
    EXPECT_EQ(json::parse(listed->body)["data"].size(), 1u);
    auto removed = client.Delete("/api/v1/keys/" + hash, mgmt);
    ASSERT_TRUE(removed);
    EXPECT_EQ(removed->status, 200);
    auto rejected = client.Post("/api/v1/chat/completions", minted, k_chat, "application/json");
    ASSERT_TRUE(rejected);
    EXPECT_EQ(rejected->status, 401);
}

}  // namespace
}  // namespace provider_sim_it
