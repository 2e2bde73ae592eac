#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_clock.hpp"
#include "instance.hpp"
#include "replies.hpp"
#include "scenario_parse.hpp"

namespace provider_sim {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class InstanceTest : public ::testing::Test {
  protected:
    Instance make(const std::string& yaml) {
        auto scenario = parse_scenario_text(yaml, "test.yaml");
        EXPECT_TRUE(scenario) << scenario.error().to_string();
        return Instance(scenario ? std::move(scenario).value() : Scenario{}, clock);
    }
    static SimRequest post(const std::string& path, const std::string& body,
                           std::map<std::string, std::string> headers = {
                               {"authorization", "Bearer sk-sim-1"}}) {
        SimRequest request;
        request.method = "POST";
        request.path = path;
        request.body = body;
        request.headers = std::move(headers);
        return request;
    }
    static std::string header(const SimResponse& response, const std::string& name) {
        for (const auto& [key, value] : response.headers) {
            if (key == name) {
                return value;
            }
        }
        return {};
    }
    static json body(const SimResponse& response) { return json::parse(response.body); }
    static json event_data(const std::string& event) {
        const size_t data = event.find("data: ");
        return json::parse(event.substr(data + 6));
    }

    lifeline::testing::FakeClock clock;
    const std::string chat =
        R"({"model":"gpt-5.5","messages":[{"role":"user","content":"Write a haiku about failover please"}]})";
};

TEST_F(InstanceTest, ChatCompletionUsageIsSelfConsistent) {
    Instance instance = make("reply: one two three four");
    SimResponse response = instance.handle(post("/v1/chat/completions", chat));
    ASSERT_EQ(response.status, 200);
    json value = body(response);
    EXPECT_EQ(value["object"], "chat.completion");
    EXPECT_EQ(value["choices"][0]["message"]["content"], "one two three four");
    const json& usage = value["usage"];
    EXPECT_GT(usage["prompt_tokens"].get<int>(), 5);
    EXPECT_EQ(usage["completion_tokens"], 5);  // 18 characters / 4, rounded up
    EXPECT_EQ(usage["total_tokens"].get<int>(),
              usage["prompt_tokens"].get<int>() + usage["completion_tokens"].get<int>());
    EXPECT_FALSE(header(response, "x-request-id").empty());
}

TEST_F(InstanceTest, ChatStreamEndsWithUsageChunkAndDone) {
    Instance instance = make("");
    SimResponse response = instance.handle(post(
        "/v1/chat/completions",
        R"({"model":"gpt-5.5","stream":true,"stream_options":{"include_usage":true},"messages":[]})"));
    ASSERT_TRUE(response.streaming);
    ASSERT_GE(response.events.size(), 4u);
    EXPECT_EQ(response.events.back(), "data: [DONE]\n\n");
    json usage_chunk = event_data(response.events[response.events.size() - 2]);
    EXPECT_TRUE(usage_chunk["choices"].empty());
    EXPECT_GT(usage_chunk["usage"]["completion_tokens"].get<int>(), 0);
    json finish = event_data(response.events[response.events.size() - 3]);
    EXPECT_EQ(finish["choices"][0]["finish_reason"], "stop");
}

TEST_F(InstanceTest, ToolCallReplyInChatAndResponses) {
    Instance instance =
        make(R"(reply: {tool_call: {name: shell, arguments: '{"command":["ls"]}'}})");
    const std::string chat_with_tools =
        R"({"model":"gpt-5.5","messages":[{"role":"user","content":"list files"}],)"
        R"("tools":[{"type":"function","function":{"name":"shell"}}]})";
    json value = body(instance.handle(post("/v1/chat/completions", chat_with_tools)));
    EXPECT_EQ(value["choices"][0]["finish_reason"], "tool_calls");
    EXPECT_EQ(value["choices"][0]["message"]["tool_calls"][0]["function"]["name"], "shell");
    SimResponse stream = instance.handle(
        post("/v1/responses", R"({"model":"gpt-5.5","stream":true,"input":"list files",)"
                              R"("tools":[{"type":"function","name":"shell"}]})"));
    json done = event_data(stream.events[stream.events.size() - 2]);
    EXPECT_EQ(done["type"], "response.output_item.done");
    EXPECT_EQ(done["item"]["type"], "function_call");
    EXPECT_EQ(done["item"]["arguments"], R"({"command":["ls"]})");
}

// A scripted task: the tool call while it is unanswered, the text once the request carries
// the tool's result — in each API's own way of carrying it.
TEST_F(InstanceTest, ToolResultInTheRequestGetsTheFinalText) {
    Instance instance =
        make(R"(reply: {text: "Done.", tool_call: {name: Bash, arguments: '{"command":"ls"}'}})");
    const json messages_turn_1 = json::parse(R"({"model":"claude-sonnet-4-6","max_tokens":64,
        "tools":[{"name":"Bash","input_schema":{"type":"object"}}],
        "messages":[{"role":"user","content":"list files"}]})");
    json answer =
        body(instance.handle(post("/v1/messages", messages_turn_1.dump(),
                                  {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}})));
    EXPECT_EQ(answer["stop_reason"], "tool_use");
    json messages_turn_2 = messages_turn_1;
    messages_turn_2["messages"].push_back(
        {{"role", "assistant"}, {"content", json::array({answer["content"][0]})}});
    messages_turn_2["messages"].push_back(
        {{"role", "user"},
         {"content", json::array({{{"type", "tool_result"},
                                   {"tool_use_id", answer["content"][0]["id"]},
                                   {"content", "a.txt"}}})}});
    answer = body(instance.handle(post("/v1/messages", messages_turn_2.dump(),
                                       {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}})));
    EXPECT_EQ(answer["stop_reason"], "end_turn");
    EXPECT_EQ(answer["content"][0]["text"], "Done.");

    const std::string gemini_turn_2 =
        R"({"tools":[{"functionDeclarations":[{"name":"Bash"}]}],"contents":[)"
        R"({"role":"user","parts":[{"text":"list files"}]},)"
        R"({"role":"model","parts":[{"functionCall":{"name":"Bash","args":{"command":"ls"}}}]},)"
        R"({"role":"user","parts":[{"functionResponse":{"name":"Bash","response":{"output":"a"}}}]}]})";
    answer = body(instance.handle(post("/v1beta/models/gemini-3-pro:generateContent", gemini_turn_2,
                                       {{"x-goog-api-key", "k"}})));
    EXPECT_EQ(answer["candidates"][0]["content"]["parts"][0]["text"], "Done.");
    const std::string responses_turn_2 =
        R"({"model":"gpt-5.5","tools":[{"type":"function","name":"Bash"}],"input":[)"
        R"({"type":"message","role":"user","content":"list files"},)"
        R"({"type":"function_call","call_id":"c1","name":"Bash","arguments":"{}"},)"
        R"({"type":"function_call_output","call_id":"c1","output":"a"}]})";
    answer = body(instance.handle(post("/v1/responses", responses_turn_2)));
    EXPECT_EQ(answer["output"][0]["type"], "message");
}

TEST_F(InstanceTest, ARequestWithoutToolsGetsTextEvenWhenAToolCallIsScripted) {
    // Agents' background calls (titles, routing) offer no tools: a tool call would be nonsense.
    Instance instance = make(R"(reply: {text: "ok", tool_call: {name: shell}})");
    json value = body(instance.handle(post("/v1/chat/completions", chat)));
    EXPECT_EQ(value["choices"][0]["finish_reason"], "stop");
    EXPECT_EQ(value["choices"][0]["message"]["content"], "ok");
}

TEST_F(InstanceTest, ResponsesStreamHasTheEventsCodexNeeds) {
    Instance instance = make("");
    SimResponse response = instance.handle(
        post("/v1/responses",
             R"({"model":"gpt-5.5","stream":true,"input":"hi","instructions":"be brief"})"));
    std::vector<std::string> types;
    for (const auto& event : response.events) {
        types.push_back(event_data(event)["type"]);
    }
    EXPECT_EQ(types.front(), "response.created");
    EXPECT_NE(std::find(types.begin(), types.end(), "response.output_text.delta"), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), "response.output_item.done"), types.end());
    EXPECT_EQ(types.back(), "response.completed");
    json completed = event_data(response.events.back());
    EXPECT_GT(completed["response"]["usage"]["input_tokens"].get<int>(), 0);
    EXPECT_EQ(completed["response"]["status"], "completed");
    EXPECT_EQ(response.events.back().rfind("event: response.completed\n", 0), 0u);
}

TEST_F(InstanceTest, AnthropicMessagesStreamAndVersionHeader) {
    Instance instance = make("");
    const std::string request =
        R"({"model":"claude-sonnet-4-6","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]})";
    SimResponse missing = instance.handle(post("/v1/messages", request, {{"x-api-key", "k"}}));
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(body(missing)["error"]["type"], "invalid_request_error");
    SimResponse response = instance.handle(
        post("/v1/messages", request, {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}}));
    ASSERT_TRUE(response.streaming);
    EXPECT_EQ(response.events.front().rfind("event: message_start\n", 0), 0u);
    EXPECT_EQ(response.events.back().rfind("event: message_stop\n", 0), 0u);
    json delta = event_data(response.events[response.events.size() - 2]);
    EXPECT_EQ(delta["delta"]["stop_reason"], "end_turn");
    EXPECT_GT(delta["usage"]["output_tokens"].get<int>(), 0);
    EXPECT_FALSE(header(response, "request-id").empty());
}

TEST_F(InstanceTest, GeminiGenerateAndSseStream) {
    Instance instance = make("");
    const std::string request = R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})";
    SimResponse plain = instance.handle(post("/v1beta/models/gemini-3-1-pro:generateContent",
                                             request, {{"x-goog-api-key", "AIza-sim"}}));
    ASSERT_EQ(plain.status, 200);
    json value = body(plain);
    EXPECT_EQ(value["candidates"][0]["finishReason"], "STOP");
    EXPECT_EQ(value["usageMetadata"]["totalTokenCount"].get<int>(),
              value["usageMetadata"]["promptTokenCount"].get<int>() +
                  value["usageMetadata"]["candidatesTokenCount"].get<int>());
    SimRequest sse = post("/v1beta/models/gemini-3-1-pro:streamGenerateContent", request, {});
    sse.query = {{"alt", "sse"}, {"key", "AIza-sim"}};
    SimResponse stream = instance.handle(sse);
    ASSERT_TRUE(stream.streaming);
    EXPECT_EQ(event_data(stream.events.back())["candidates"][0]["finishReason"], "STOP");
}

TEST_F(InstanceTest, AuthErrorsInEachProvidersShape) {
    Instance instance = make("keys: [sk-sim-1]");
    SimResponse openai = instance.handle(post("/v1/chat/completions", chat, {}));
    EXPECT_EQ(openai.status, 401);
    EXPECT_NE(body(openai)["error"]["message"].get<std::string>().find("didn't provide an API key"),
              std::string::npos);
    SimResponse wrong =
        instance.handle(post("/v1/chat/completions", chat, {{"authorization", "Bearer sk-wrong"}}));
    EXPECT_EQ(body(wrong)["error"]["code"], "invalid_api_key");
    EXPECT_EQ(body(wrong).dump().find("sk-wrong"), std::string::npos);  // never echoes the key
    SimResponse anthropic = instance.handle(
        post("/v1/messages", "{}", {{"x-api-key", "bad"}, {"anthropic-version", "2023-06-01"}}));
    EXPECT_EQ(anthropic.status, 401);
    EXPECT_EQ(body(anthropic)["error"]["type"], "authentication_error");
    SimResponse gemini = instance.handle(
        post("/v1beta/models/gemini-3-1-pro:generateContent", "{}", {{"x-goog-api-key", "bad"}}));
    EXPECT_EQ(gemini.status, 400);
    EXPECT_EQ(body(gemini)["error"]["details"][0]["reason"], "API_KEY_INVALID");
    SimResponse azure = instance.handle(
        post("/openai/deployments/gpt-5/chat/completions", chat, {{"api-key", "bad"}}));
    EXPECT_EQ(azure.status, 401);
    EXPECT_EQ(body(azure)["error"]["code"], "401");
}

TEST_F(InstanceTest, RateLimitedThenHealthyWithHeaders) {
    Instance instance =
        make("rules: [{match: {requests: 1-2}, fault: rate_limited, retry_after: 3s}]");
    SimResponse first = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_EQ(first.status, 429);
    EXPECT_EQ(header(first, "retry-after"), "3");
    EXPECT_EQ(header(first, "retry-after-ms"), "3000");
    EXPECT_EQ(header(first, "x-ratelimit-remaining-tokens"), "0");
    EXPECT_EQ(body(first)["error"]["code"], "rate_limit_exceeded");
    EXPECT_NE(body(first)["error"]["message"].get<std::string>().find("try again in 3s"),
              std::string::npos);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).status, 429);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).status, 200);
}

TEST_F(InstanceTest, OutageWindowFollowsTheClockAndRestartsOnSwap) {
    Instance instance = make("rules: [{match: {after: 5s, before: 20s}, fault: overloaded}]");
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).status, 200);
    clock.advance(6s);
    SimResponse down = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_EQ(down.status, 503);
    clock.advance(15s);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).status, 200);
    instance.replace_scenario(*parse_scenario_text("rules: [{fault: server_error}]", "swap"));
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).status, 500);
}

TEST_F(InstanceTest, AnthropicOverloadedAndRateLimitHeaders) {
    Instance instance = make(R"(rules:
  - {match: {requests: "1"}, fault: overloaded}
  - {match: {requests: "2"}, fault: rate_limited})");
    const std::map<std::string, std::string> headers{{"x-api-key", "k"},
                                                     {"anthropic-version", "2023-06-01"}};
    SimResponse overloaded = instance.handle(post("/v1/messages", "{}", headers));
    EXPECT_EQ(overloaded.status, 529);
    EXPECT_EQ(body(overloaded)["error"]["type"], "overloaded_error");
    SimResponse limited = instance.handle(post("/v1/messages", "{}", headers));
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(header(limited, "retry-after"), "2");
    EXPECT_EQ(header(limited, "anthropic-ratelimit-requests-remaining"), "0");
    EXPECT_EQ(header(limited, "anthropic-ratelimit-requests-reset"), "2026-11-21T10:00:02Z");
}

TEST_F(InstanceTest, GeminiRetryInfoRegionAndSafetyBlock) {
    Instance instance = make(R"(rules:
  - {match: {requests: "1"}, fault: rate_limited, retry_after: 7s}
  - {match: {requests: "2"}, fault: region_blocked}
  - {match: {requests: "3"}, fault: content_filtered})");
    const std::string path = "/v1beta/models/gemini-3-1-pro:generateContent";
    const std::map<std::string, std::string> key{{"x-goog-api-key", "AIza"}};
    json limited = body(instance.handle(post(path, "{}", key)));
    EXPECT_EQ(limited["error"]["status"], "RESOURCE_EXHAUSTED");
    EXPECT_EQ(limited["error"]["details"][1]["retryDelay"], "7s");
    SimResponse region = instance.handle(post(path, "{}", key));
    EXPECT_EQ(region.status, 400);
    EXPECT_EQ(body(region)["error"]["message"], "User location is not supported for the API use.");
    SimResponse blocked = instance.handle(post(path, "{}", key));
    EXPECT_EQ(blocked.status, 200);
    EXPECT_EQ(body(blocked)["promptFeedback"]["blockReason"], "SAFETY");
}

TEST_F(InstanceTest, OpenRouterQuotaIs402WithItsShape) {
    Instance instance = make("rules: [{fault: quota_exhausted}]");
    SimResponse response = instance.handle(post("/api/v1/chat/completions", chat));
    EXPECT_EQ(response.status, 402);
    EXPECT_EQ(body(response)["error"]["code"], 402);
}

TEST_F(InstanceTest, StreamErrorKeepsSomeEventsThenReportsInStream) {
    Instance instance = make("rules: [{fault: stream_error, class: rate_limited, cut_after: 2}]");
    SimResponse responses =
        instance.handle(post("/v1/responses", R"({"model":"gpt-5.5","stream":true,"input":"hi"})"));
    EXPECT_EQ(responses.status, 200);
    ASSERT_EQ(responses.events.size(), 3u);
    json failed = event_data(responses.events.back());
    EXPECT_EQ(failed["type"], "response.failed");
    EXPECT_EQ(failed["response"]["error"]["code"], "rate_limit_exceeded");
    SimResponse messages = instance.handle(
        post("/v1/messages", R"({"model":"claude-sonnet-4-6","stream":true,"messages":[]})",
             {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}}));
    EXPECT_EQ(messages.events.back().rfind("event: error\n", 0), 0u);
    EXPECT_EQ(event_data(messages.events.back())["error"]["type"], "rate_limit_error");
    // Without streaming there is no 200 to hide the error in: it is an ordinary 429.
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).status, 429);
}

TEST_F(InstanceTest, DeliveryFaultsArePlanned) {
    Instance instance = make(R"(rules:
  - {match: {requests: "1"}, fault: hang, hang_for: 2s}
  - {match: {requests: "2"}, fault: slow_drip, drip_interval: 50ms, delay: 10ms}
  - {match: {requests: "3"}, fault: stream_cut, cut_after: 1}
  - {match: {requests: "4"}, fault: malformed_json}
  - {match: {requests: "5"}, fault: oversized_body, body_bytes: 100000})");
    SimResponse hang = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_TRUE(hang.delivery.hang);
    EXPECT_EQ(hang.delivery.hang_for, 2s);
    SimResponse drip = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_EQ(drip.delivery.drip_interval, 50ms);
    EXPECT_EQ(drip.delivery.delay, 10ms);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat)).delivery.cut_after, 1);
    SimResponse broken = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_TRUE(json::parse(broken.body, nullptr, false).is_discarded());
    SimResponse big = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_GT(big.body.size(), 100000u);
    EXPECT_EQ(body(big)["usage"]["completion_tokens"], 25000);
}

TEST_F(InstanceTest, AStallIsACutThatWaitsInSilenceFirst) {
    Instance instance = make("rules: [{fault: stall, cut_after: 3, hang_for: 4s}]");
    SimResponse stall = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_EQ(stall.status, 200);
    EXPECT_FALSE(stall.delivery.hang);  // the answer starts: the silence comes after its start
    EXPECT_EQ(stall.delivery.cut_after, 3);
    EXPECT_EQ(stall.delivery.stall_for, 4s);
    EXPECT_EQ(stall.note, "stall");
}

TEST_F(InstanceTest, ModelAndContextChecks) {
    Instance instance = make("models: [gpt-5.5]\ncontext_window: 5");
    SimResponse unknown =
        instance.handle(post("/v1/chat/completions", R"({"model":"gpt-9","messages":[]})"));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(body(unknown)["error"]["code"], "model_not_found");
    SimResponse too_long = instance.handle(post("/v1/chat/completions", chat));
    EXPECT_EQ(too_long.status, 400);
    EXPECT_EQ(body(too_long)["error"]["code"], "context_length_exceeded");
    SimResponse bad = instance.handle(post("/v1/chat/completions", "{not json"));
    EXPECT_EQ(bad.status, 400);
}

TEST_F(InstanceTest, MintedKeysWorkUntilDisabledOrDeleted) {
    Instance instance = make("keys: [sk-sim-1]\nmanagement_keys: [sk-mgmt]");
    const std::map<std::string, std::string> mgmt{{"authorization", "Bearer sk-mgmt"}};
    SimResponse denied = instance.handle(post("/api/v1/keys", R"({"name":"ci"})"));
    EXPECT_EQ(denied.status, 401);  // an inference key cannot manage keys
    SimResponse created = instance.handle(post("/api/v1/keys", R"({"name":"ci","limit":5})", mgmt));
    ASSERT_EQ(created.status, 201);
    const std::string key = body(created)["key"];
    const std::string hash = body(created)["data"]["hash"];
    EXPECT_EQ(key.rfind("sk-or-v1-", 0), 0u);
    const std::map<std::string, std::string> minted{{"authorization", "Bearer " + key}};
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat, minted)).status, 200);
    SimRequest info;
    info.method = "GET";
    info.path = "/api/v1/key";
    info.headers = minted;
    json data = body(instance.handle(info))["data"];
    EXPECT_EQ(data["limit"], 5.0);
    EXPECT_EQ(data.dump().find(key), std::string::npos);
    SimRequest disable = post("/api/v1/keys/" + hash, R"({"disabled":true})", mgmt);
    disable.method = "PATCH";
    EXPECT_EQ(instance.handle(disable).status, 200);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat, minted)).status, 401);
    disable.body = R"({"disabled":false})";
    instance.handle(disable);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat, minted)).status, 200);
    SimRequest remove = post("/api/v1/keys/" + hash, "", mgmt);
    remove.method = "DELETE";
    EXPECT_EQ(body(instance.handle(remove))["deleted"], true);
    EXPECT_EQ(instance.handle(post("/v1/chat/completions", chat, minted)).status, 401);
    EXPECT_EQ(instance.handle(remove).status, 404);
}

TEST_F(InstanceTest, OpenAiAdminKeysCreateAndDelete) {
    Instance instance = make("management_keys: [sk-admin-root]");
    const std::map<std::string, std::string> admin{{"authorization", "Bearer sk-admin-root"}};
    json created = body(
        instance.handle(post("/v1/organization/admin_api_keys", R"({"name":"rotation"})", admin)));
    EXPECT_EQ(created["object"], "organization.admin_api_key");
    const std::string id = created["id"];
    EXPECT_EQ(id.rfind("key_", 0), 0u);
    SimRequest remove = post("/v1/organization/admin_api_keys/" + id, "", admin);
    remove.method = "DELETE";
    json deleted = body(instance.handle(remove));
    EXPECT_EQ(deleted["object"], "organization.admin_api_key.deleted");
    EXPECT_EQ(deleted["deleted"], true);
}

TEST_F(InstanceTest, StatsCountPathsStatusesAndRulesWithoutKeys) {
    Instance instance =
        make("keys: [sk-sim-1]\nrules: [{name: once, fault: server_error, match: {times: 1}}]");
    instance.handle(post("/v1/chat/completions", chat));
    instance.handle(post("/v1/chat/completions", chat));
    instance.handle(post("/v1/chat/completions", chat, {{"authorization", "Bearer sk-secret-x"}}));
    json stats = instance.stats();
    EXPECT_EQ(stats["requests"], 3);
    EXPECT_EQ(stats["by_path"]["/v1/chat/completions"], 3);
    EXPECT_EQ(stats["by_status"]["500"], 1);
    EXPECT_EQ(stats["by_status"]["200"], 1);
    EXPECT_EQ(stats["by_status"]["401"], 1);
    EXPECT_EQ(stats["rules_fired"]["once"], 1);
    EXPECT_EQ(stats.dump().find("sk-"), std::string::npos);
}

TEST_F(InstanceTest, ModelListsPerFamily) {
    Instance instance = make("");
    SimRequest openai;
    openai.method = "GET";
    openai.path = "/v1/models";
    openai.headers = {{"authorization", "Bearer k"}};
    EXPECT_EQ(body(instance.handle(openai))["object"], "list");
    SimRequest anthropic = openai;
    anthropic.headers = {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}};
    EXPECT_EQ(body(instance.handle(anthropic))["has_more"], false);
    SimRequest gemini = openai;
    gemini.path = "/v1beta/models";
    gemini.headers = {{"x-goog-api-key", "k"}};
    EXPECT_EQ(body(instance.handle(gemini))["models"][0]["name"], "models/gemini-3-1-pro");
}

}  // namespace
}  // namespace provider_sim

namespace provider_sim {
namespace {

// The hand-assembled fast path must stay byte-for-byte valid JSON, with escaping.
TEST(ChatFastPath, EscapesTextAndModelAndParses) {
    InferenceRequest request;
    request.model = "gpt-\"5\"";
    request.prompt_chars = 40;
    Reply reply;
    reply.text = "line one\nline \"two\" \\ tab\t";
    ReplyIds ids{"abc123", 1795255200};
    SimResponse response = openai_chat_reply(request, reply, ids);
    nlohmann::json value = nlohmann::json::parse(response.body);
    EXPECT_EQ(value["model"], "gpt-\"5\"");
    EXPECT_EQ(value["choices"][0]["message"]["content"], reply.text);
    EXPECT_EQ(value["usage"]["prompt_tokens"], 10);
    EXPECT_EQ(value["usage"]["total_tokens"], 10 + value["usage"]["completion_tokens"].get<int>());
    EXPECT_EQ(value["id"], "chatcmpl-abc123");
}

}  // namespace
}  // namespace provider_sim
