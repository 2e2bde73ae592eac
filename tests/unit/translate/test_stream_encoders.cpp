// The client stream shapes agents depend on (the traps other gateways fell into).

#include <set>

#include <gtest/gtest.h>

#include <lifeline/http/sse_parser.hpp>

#include "stream_test_support.hpp"

namespace lifeline::translate {
namespace {

using namespace testing;

struct Sse {
    std::string event;
    nlohmann::json data;
    std::string raw;
};

std::vector<Sse> parse_sse(const std::string& bytes) {
    std::vector<Sse> out;
    http::SseParser parser([&](const http::SseEvent& e) {
        out.push_back({e.event, nlohmann::json::parse(e.data, nullptr, false), e.data});
    });
    EXPECT_TRUE(parser.feed(bytes).ok());
    return out;
}

TEST(ResponsesStreamEncoder, FollowsWhatCodexReads) {
    std::string bytes =
        translate_stream(Api::messages, Api::responses, {fixture("messages_stream.sse")});
    std::vector<Sse> events = parse_sse(bytes);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().event, "response.created");
    std::set<std::string> announced;
    int64_t sequence = -1;
    std::vector<nlohmann::json> done_items;
    for (const Sse& e : events) {
        EXPECT_EQ(e.data["type"], e.event);
        EXPECT_EQ(e.data["sequence_number"].get<int64_t>(), sequence + 1) << e.raw;
        sequence = e.data["sequence_number"].get<int64_t>();
        if (e.event == "response.output_item.added")
            announced.insert(e.data["item"]["id"].get<std::string>());
        if (e.event.find(".delta") != std::string::npos) {
            EXPECT_TRUE(announced.count(e.data["item_id"].get<std::string>())) << e.raw;
        }
        if (e.event == "response.output_item.done")
            done_items.push_back(e.data["item"]);
    }
    ASSERT_EQ(done_items.size(), 4u);
    EXPECT_EQ(done_items[0]["type"], "reasoning");
    EXPECT_EQ(done_items[0]["summary"][0]["text"], "Plan: read.");
    EXPECT_EQ(done_items[0]["encrypted_content"].get<std::string>().rfind("lifeline:v1:", 0), 0u);
    EXPECT_EQ(done_items[1]["content"][0]["text"], "Hello, world");
    EXPECT_EQ(done_items[2]["type"], "function_call");
    EXPECT_EQ(done_items[2]["call_id"], "call_1");
    EXPECT_EQ(done_items[2]["arguments"], "{\"path\":\"a\"}");  // the WHOLE call
    EXPECT_EQ(done_items[3]["arguments"], "{\"path\":\"b\"}");
    const Sse& last = events.back();
    EXPECT_EQ(last.event, "response.completed");
    EXPECT_EQ(last.data["response"]["id"], "msg_01");
    const auto& usage = last.data["response"]["usage"];
    EXPECT_EQ(usage["input_tokens"], 1000);  // Anthropic's 400 + 600 cache reads
    EXPECT_EQ(usage["input_tokens_details"]["cached_tokens"], 600);
    EXPECT_EQ(usage["output_tokens"], 50);
    EXPECT_TRUE(usage["output_tokens_details"].contains("reasoning_tokens"));
    EXPECT_EQ(usage["total_tokens"], 1050);
}

TEST(ChatStreamEncoder, IndexesParallelToolCallsAndEndsWithDone) {
    std::string bytes =
        translate_stream(Api::responses, Api::chat, {fixture("responses_stream.sse")});
    std::vector<Sse> events = parse_sse(bytes);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().raw, "[DONE]");
    std::vector<int> indexes;
    for (const Sse& e : events) {
        if (e.raw == "[DONE]")
            continue;
        EXPECT_EQ(e.data["object"], "chat.completion.chunk");
        const auto& delta = e.data["choices"][0]["delta"];
        if (delta.contains("tool_calls") && delta["tool_calls"][0].contains("id"))
            indexes.push_back(delta["tool_calls"][0]["index"].get<int>());
    }
    EXPECT_EQ(indexes, (std::vector<int>{0, 1}));
    const auto& last = events[events.size() - 2].data;
    EXPECT_EQ(last["choices"][0]["finish_reason"], "tool_calls");
    EXPECT_EQ(last["usage"]["prompt_tokens"], 1000);
    EXPECT_EQ(last["usage"]["completion_tokens_details"]["reasoning_tokens"], 10);
}

TEST(MessagesStreamEncoder, EmitsTheAnthropicEventSequence) {
    std::string bytes =
        translate_stream(Api::gemini, Api::messages, {fixture("gemini_stream.sse")});
    std::vector<std::string> names;
    for (const Sse& e : parse_sse(bytes))
        names.push_back(e.event);
    ASSERT_GE(names.size(), 4u);
    EXPECT_EQ(names.front(), "message_start");
    EXPECT_EQ(names[names.size() - 2], "message_delta");
    EXPECT_EQ(names.back(), "message_stop");
    EXPECT_NE(bytes.find("\"type\":\"signature_delta\",\"signature\":\"lifeline:v1:"),
              std::string::npos);
    EXPECT_NE(bytes.find("\"stop_reason\":\"tool_use\""), std::string::npos);
    EXPECT_NE(bytes.find("\"cache_read_input_tokens\":600"), std::string::npos);
    EXPECT_NE(bytes.find("\"input_tokens\":400"), std::string::npos);
}

TEST(MessagesStreamEncoder, RedactedThinkingStaysRedacted) {
    std::unique_ptr<StreamEncoder> encoder = make_stream_encoder(Api::messages);
    std::string out;
    for (const StreamEvent& e :
         {message_start_event("m1", "claude"), block_start_event(0, BlockKind::reasoning),
          signature_event(0, "opaque-data", Vendor::anthropic, true), block_stop_event(0),
          message_end_event(StopReason::end_turn, {})})
        encoder->encode(e, out);
    EXPECT_NE(out.find("{\"data\":\"opaque-data\",\"type\":\"redacted_thinking\"}"),
              std::string::npos)
        << out;
}

TEST(GeminiStreamEncoder, JsonArrayFramingIsOneJsonArray) {
    StreamTranslatorOptions options;
    options.client_framing = GeminiFraming::json_array;
    std::string bytes =
        translate_stream(Api::messages, Api::gemini, {fixture("messages_stream.sse")}, options);
    nlohmann::json array = nlohmann::json::parse(bytes, nullptr, false);
    ASSERT_TRUE(array.is_array()) << bytes;
    EXPECT_EQ(array.back()["candidates"][0]["finishReason"], "STOP");
    EXPECT_EQ(array.back()["usageMetadata"]["promptTokenCount"], 1000);
    Folded folded = fold(decode_stream(Api::gemini, GeminiFraming::json_array, bytes).events);
    EXPECT_EQ(gist(folded.response).signature, "SIG-anthropic");
}

TEST(GeminiStreamEncoder, SignatureRidesOnTheFunctionCall) {
    std::string bytes = translate_stream(Api::gemini, Api::gemini, {fixture("gemini_stream.sse")});
    std::vector<Sse> events = parse_sse(bytes);
    bool found = false;
    for (const Sse& e : events) {
        const auto& parts = e.data["candidates"][0]["content"]["parts"];
        if (parts.is_array() && parts[0].contains("functionCall") &&
            parts[0]["functionCall"]["args"]["path"] == "a") {
            EXPECT_EQ(parts[0]["thoughtSignature"], "SIG-gemini");
            found = true;
        }
    }
    EXPECT_TRUE(found) << bytes;
}

}  // namespace
}  // namespace lifeline::translate
