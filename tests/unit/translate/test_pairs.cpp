// Every (client API, upstream API) pair, whole requests and responses: text, a tool call, two
// parallel tool calls, a tool-result turn, a custom tool, the reasoning round trip, usage.

#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::json_of;
using testing::k_all_apis;
using testing::must_decode_request;
using testing::must_decode_response;

struct Pair {
    Api client;
    Api upstream;
};

std::string name_of(const Pair& pair) {
    return std::string(to_string(pair.client)) + "->" + to_string(pair.upstream);
}

std::vector<Pair> all_pairs() {
    std::vector<Pair> pairs;
    for (Api client : k_all_apis)
        for (Api upstream : k_all_apis)
            pairs.push_back({client, upstream});
    return pairs;
}

Request client_request() {
    Request request;
    request.model = "m";
    request.system = {"be brief"};
    request.messages = {
        {Role::user, {text_part("read two files")}},
        {Role::assistant,
         {tool_call_part({"c1", "read", R"({"path":"a"})"}),
          tool_call_part({"c2", "read", R"({"path":"b"})"})}},
        {Role::user,
         {tool_result_part({"c1", "read", {{"A", {}}}}),
          tool_result_part({"c2", "read", {{"B", {}}}})}},
    };
    Tool tool;
    tool.name = "read";
    tool.parameters = R"({"properties":{"path":{"type":"string"}},"type":"object"})";
    request.tools = {tool};
    request.sampling.max_output_tokens = 2048;
    return request;
}

// What the client sends: the client's own bytes, decoded as the proxy would.
Request as_sent_by(Api client, const Request& request) {
    EncodeReport report;
    return must_decode_request(client, encode_request(client, request, report));
}

TEST(Pairs, RequestsKeepTextCallsAndResults) {
    for (const Pair& pair : all_pairs()) {
        Request sent = as_sent_by(pair.client, client_request());
        EncodeReport report;
        Request upstream =
            must_decode_request(pair.upstream, encode_request(pair.upstream, sent, report));
        EXPECT_TRUE(report.dropped.empty()) << name_of(pair) << ": " << report.dropped[0];
        ASSERT_EQ(upstream.messages.size(), 3u) << name_of(pair);
        EXPECT_EQ(upstream.messages[0].parts[0].text, "read two files");
        ASSERT_EQ(upstream.messages[1].parts.size(), 2u) << name_of(pair);
        for (int i = 0; i < 2; ++i) {
            const ToolCall& call = upstream.messages[1].parts[i].tool_call;
            EXPECT_EQ(call.id, i == 0 ? "c1" : "c2") << name_of(pair);
            EXPECT_EQ(json_of(call.arguments)["path"], i == 0 ? "a" : "b") << name_of(pair);
            const ToolResult& result = upstream.messages[2].parts[i].tool_result;
            EXPECT_EQ(result.call_id, call.id) << name_of(pair);
            EXPECT_EQ(result.content[0].text, i == 0 ? "A" : "B") << name_of(pair);
        }
        EXPECT_EQ(upstream.system, std::vector<std::string>{"be brief"}) << name_of(pair);
    }
}

Response upstream_answer(Api upstream) {
    Response response;
    response.id = "resp_1";
    response.model = "m";
    response.output = {text_part("I'll read both."),
                       tool_call_part({"c1", "read", R"({"path":"a"})"}),
                       tool_call_part({"c2", "read", R"({"path":"b"})"})};
    response.stop_reason = StopReason::tool_use;
    response.usage = {1000, 50, 600, upstream == Api::messages ? 100 : 0,
                      upstream == Api::messages ? 0 : 10};
    return response;
}

TEST(Pairs, ResponsesKeepTextParallelCallsStopAndUsage) {
    for (const Pair& pair : all_pairs()) {
        Response from_upstream = must_decode_response(
            pair.upstream, encode_response(pair.upstream, upstream_answer(pair.upstream)));
        Response seen =
            must_decode_response(pair.client, encode_response(pair.client, from_upstream));
        ASSERT_EQ(seen.output.size(), 3u) << name_of(pair);
        EXPECT_EQ(seen.output[0].text, "I'll read both.") << name_of(pair);
        EXPECT_EQ(seen.output[1].tool_call.name, "read");
        EXPECT_EQ(json_of(seen.output[2].tool_call.arguments)["path"], "b") << name_of(pair);
        EXPECT_EQ(seen.stop_reason, StopReason::tool_use) << name_of(pair);
        EXPECT_EQ(seen.usage.input_tokens, 1000) << name_of(pair);
        EXPECT_EQ(seen.usage.output_tokens, 50) << name_of(pair);
        EXPECT_EQ(seen.usage.cached_input_tokens, 600) << name_of(pair);
        if (pair.client == Api::messages && pair.upstream == Api::messages) {
            EXPECT_EQ(seen.usage.cache_creation_tokens, 100);
        }
        if (pair.client != Api::messages && pair.upstream != Api::messages) {
            EXPECT_EQ(seen.usage.reasoning_tokens, 10) << name_of(pair);
        }
    }
}

TEST(Pairs, CustomToolComesBackAsCustomCallWithItsString) {
    const std::string patch = "*** Begin Patch\n*** Add File: \"q\".txt\n+tab\there\n*** End Patch";
    Request request = client_request();
    Tool custom;
    custom.type = ToolType::custom;
    custom.name = "apply_patch";
    request.tools.push_back(custom);
    for (Api upstream : k_all_apis) {
        EncodeReport report;
        encode_request(upstream, request, report);
        Response answer;
        answer.id = "resp_2";
        ToolCall call{"c7", "apply_patch", patch, ToolKind::custom};
        if (upstream != Api::responses)  // the upstream saw a function with one string
            call = {"c7", "apply_patch", nlohmann::json{{"input", patch}}.dump(),
                    ToolKind::function};
        answer.output = {tool_call_part(call)};
        Response decoded = must_decode_response(upstream, encode_response(upstream, answer));
        restore_custom_tool_calls(decoded, custom_tool_names(request));
        nlohmann::json body = json_of(encode_response(Api::responses, decoded));
        EXPECT_EQ(body["output"][0]["type"], "custom_tool_call") << to_string(upstream);
        EXPECT_EQ(body["output"][0]["input"], patch) << to_string(upstream);
    }
}

Response reasoning_answer(Api upstream) {
    Response response;
    response.id = "resp_3";
    response.model = "m";
    Reasoning reasoning{"thinking it over", native_vendor(upstream),
                        "SIG-" + std::string(to_string(upstream)), false,
                        upstream == Api::responses ? "rs_3" : ""};
    response.output = {reasoning_part(reasoning),
                       tool_call_part({"c1", "read", R"({"path":"a"})"})};
    response.stop_reason = StopReason::tool_use;
    return response;
}

// The client's next request as the agent builds it: its previous answer replayed verbatim in
// its own shape, then the result of the call it made.
std::string replay_request(Api client, const std::string& answer_body) {
    nlohmann::json answer = json_of(answer_body);
    nlohmann::json user_text = {{"role", "user"}, {"content", "read a"}};
    nlohmann::json body;
    switch (client) {
        case Api::responses: {
            nlohmann::json input = nlohmann::json::array({user_text});
            for (const auto& item : answer["output"])
                input.push_back(item);
            input.push_back({{"type", "function_call_output"}, {"call_id", "c1"}, {"output", "A"}});
            body = {{"model", "m"}, {"input", input}};
            break;
        }
        case Api::chat:
            body = {{"model", "m"},
                    {"messages",
                     {user_text,
                      answer["choices"][0]["message"],
                      {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "A"}}}}};
            break;
        case Api::messages:
            body = {{"model", "m"},
                    {"messages",
                     {user_text,
                      {{"role", "assistant"}, {"content", answer["content"]}},
                      {{"role", "user"},
                       {"content",
                        {{{"type", "tool_result"}, {"tool_use_id", "c1"}, {"content", "A"}}}}}}}};
            break;
        case Api::gemini:
            body = {{"contents",
                     {{{"role", "user"}, {"parts", {{{"text", "read a"}}}}},
                      answer["candidates"][0]["content"],
                      {{"role", "user"},
                       {"parts",
                        {{{"functionResponse",
                           {{"name", "read"}, {"response", {{"output", "A"}}}}}}}}}}}};
            break;
    }
    return body.dump();
}

TEST(Pairs, ReasoningStateSurvivesTheClientAndReachesOnlyItsVendor) {
    for (const Pair& pair : all_pairs()) {
        if (pair.upstream == Api::chat)
            continue;  // chat upstreams make no signed reasoning
        Response from_upstream = must_decode_response(
            pair.upstream, encode_response(pair.upstream, reasoning_answer(pair.upstream)));
        std::string answer = encode_response(pair.client, from_upstream);
        Request sent = must_decode_request(pair.client, replay_request(pair.client, answer));
        std::string signature = "SIG-" + std::string(to_string(pair.upstream));
        for (Api target : k_all_apis) {
            EncodeReport report;
            std::string body = encode_request(target, sent, report);
            bool expected = target == pair.upstream && pair.client != Api::chat;
            EXPECT_EQ(body.find(signature) != std::string::npos, expected)
                << name_of(pair) << " then to " << to_string(target) << ": " << body;
            if (expected) {
                std::string thought = "thinking it over";
                EXPECT_NE(body.find(thought), std::string::npos) << name_of(pair);
            }
        }
    }
}

}  // namespace
}  // namespace lifeline::translate
