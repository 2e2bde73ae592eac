// StreamReader and read_whole_answer (answer_reader.cpp): upstream answers turned into what the
// client receives, byte for byte in pass-through, translated otherwise, and the progress the
// request reads to decide whether it may still fail over.

#include <gtest/gtest.h>

#include "answer_reader.hpp"
#include "proxy_test_support.hpp"

namespace failover_proxy {
namespace {

using lifeline::FailureClass;
using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;
using testing::json_of;
using testing::translate_fixture;

// A Chat stream as an OpenAI-compatible server sends it: a role-only chunk, text, the
// finish_reason, a usage-only chunk, [DONE].
const std::string k_chat_role =
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen3-coder\","
    "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
    "\"finish_reason\":null}]}\n\n";
const std::string k_chat_text =
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen3-coder\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n";
const std::string k_chat_finish =
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen3-coder\","
    "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
const std::string k_chat_usage =
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen3-coder\","
    "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
    "\"total_tokens\":15}}\n\n";
const std::string k_chat_done = "data: [DONE]\n\n";

// An Anthropic Messages stream, event by event.
const std::string k_msg_start =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
    "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":null,"
    "\"stop_sequence\":null,\"usage\":{\"input_tokens\":400,\"output_tokens\":1}}}\n\n";
const std::string k_msg_text_start =
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
    "\"text\":\"\"}}\n\n";
const std::string k_msg_ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
const std::string k_msg_text =
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"Hello\"}}\n\n";
const std::string k_msg_text_stop =
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";
const std::string k_msg_tool_start =
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
    "\"id\":\"toolu_01\",\"name\":\"Bash\",\"input\":{}}}\n\n";
const std::string k_msg_delta =
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}\n\n";
const std::string k_msg_stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
const std::string k_msg_overloaded =
    "event: error\n"
    "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
    "\"Overloaded\"}}\n\n";

ReaderSetup pass_through(Api api, GeminiFraming framing = GeminiFraming::sse) {
    ReaderSetup setup;
    setup.upstream = api;
    setup.client = api;
    setup.pass_through = true;
    setup.client_framing = framing;
    return setup;
}

ReaderSetup translated(Api upstream, Api client) {
    ReaderSetup setup;
    setup.upstream = upstream;
    setup.client = client;
    return setup;
}

// Feeds `bytes` in pieces of `piece` bytes; returns what the client got.
std::string feed_in_pieces(StreamReader& reader, const std::string& bytes, size_t piece) {
    std::string out;
    for (size_t at = 0; at < bytes.size(); at += piece)
        reader.feed(std::string_view(bytes).substr(at, piece), out);
    return out;
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

struct UpstreamStream {
    Api api;
    const char* fixture;
};

TEST(StreamReaderPassThrough, ForwardsEveryApisBytesUnchangedInAnyChunking) {
    const UpstreamStream streams[] = {
        {Api::chat, "chat_stream.sse"},
        {Api::responses, "responses_stream.sse"},
        {Api::messages, "messages_stream.sse"},
        {Api::gemini, "gemini_stream.sse"},
    };
    for (const UpstreamStream& stream : streams) {
        const std::string bytes = translate_fixture(stream.fixture);
        for (size_t piece : {size_t{1}, size_t{7}, size_t{64}, bytes.size()}) {
            StreamReader reader(pass_through(stream.api));
            std::string out = feed_in_pieces(reader, bytes, piece);
            EXPECT_EQ(out, bytes) << stream.fixture << " in pieces of " << piece;
            EXPECT_TRUE(reader.finish(out)) << stream.fixture;
            EXPECT_EQ(out, bytes) << stream.fixture << ": finish added bytes";
            const auto& progress = reader.progress();
            EXPECT_TRUE(progress.content_started) << stream.fixture;
            EXPECT_TRUE(progress.ended) << stream.fixture;
            EXPECT_FALSE(progress.error.has_value()) << stream.fixture;
            ASSERT_TRUE(progress.usage.has_value()) << stream.fixture;
            EXPECT_EQ(progress.usage->input_tokens, 1000) << stream.fixture;
        }
    }
}

TEST(StreamReaderPassThrough, ChatContentStartsWithTheFirstTextNotTheRoleChunk) {
    StreamReader reader(pass_through(Api::chat));
    std::string out;
    reader.feed(k_chat_role, out);
    EXPECT_EQ(out, k_chat_role);
    EXPECT_FALSE(reader.progress().content_started);
    EXPECT_FALSE(reader.progress().ended);
    reader.feed(k_chat_text, out);
    EXPECT_TRUE(reader.progress().content_started);
    EXPECT_EQ(out, k_chat_role + k_chat_text);
}

TEST(StreamReaderPassThrough, MessagesContentStartsWithTheFirstDeltaNotTheBlockStartOrPing) {
    StreamReader reader(pass_through(Api::messages));
    std::string out;
    reader.feed(k_msg_start, out);
    reader.feed(k_msg_text_start, out);
    reader.feed(k_msg_ping, out);
    EXPECT_FALSE(reader.progress().content_started);
    reader.feed(k_msg_text, out);
    EXPECT_TRUE(reader.progress().content_started);
    EXPECT_EQ(out, k_msg_start + k_msg_text_start + k_msg_ping + k_msg_text);
}

TEST(StreamReaderPassThrough, AToolCallsStartIsContent) {
    StreamReader reader(pass_through(Api::messages));
    std::string out;
    reader.feed(k_msg_start, out);
    EXPECT_FALSE(reader.progress().content_started);
    reader.feed(k_msg_tool_start, out);
    EXPECT_TRUE(reader.progress().content_started);
}

TEST(StreamReaderPassThrough, AnUpstreamErrorBeforeContentIsReportedAndEndsTheStream) {
    StreamReader reader(pass_through(Api::messages));
    std::string out;
    reader.feed(k_msg_start + k_msg_overloaded, out);
    const auto& progress = reader.progress();
    EXPECT_FALSE(progress.content_started);
    EXPECT_TRUE(progress.ended);
    ASSERT_TRUE(progress.error.has_value());
    EXPECT_EQ(*progress.error, FailureClass::overloaded);
    EXPECT_EQ(out, k_msg_start + k_msg_overloaded);
    // Nothing more goes out after the error.
    reader.feed(k_msg_text_start + k_msg_text, out);
    EXPECT_EQ(out, k_msg_start + k_msg_overloaded);
    EXPECT_FALSE(reader.progress().content_started);
    EXPECT_FALSE(reader.finish(out));
    EXPECT_EQ(out, k_msg_start + k_msg_overloaded);
}

TEST(StreamReaderPassThrough, AChatErrorChunkBeforeContentIsReported) {
    StreamReader reader(pass_through(Api::chat));
    std::string out;
    reader.feed(
        "data: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
        "\"code\":\"rate_limit_exceeded\"}}\n\n",
        out);
    ASSERT_TRUE(reader.progress().error.has_value());
    EXPECT_EQ(*reader.progress().error, FailureClass::rate_limited);
    EXPECT_FALSE(reader.progress().content_started);
}

TEST(StreamReaderPassThrough, UsageIsKnownAtTheEnd) {
    StreamReader reader(pass_through(Api::messages));
    std::string out;
    reader.feed(k_msg_start + k_msg_text_start + k_msg_text + k_msg_text_stop, out);
    EXPECT_FALSE(reader.progress().usage.has_value());
    EXPECT_FALSE(reader.progress().ended);
    reader.feed(k_msg_delta + k_msg_stop, out);
    EXPECT_TRUE(reader.progress().ended);
    ASSERT_TRUE(reader.progress().usage.has_value());
    EXPECT_EQ(reader.progress().usage->input_tokens, 400);
    EXPECT_EQ(reader.progress().usage->output_tokens, 12);
    EXPECT_TRUE(reader.finish(out));

    StreamReader chat(pass_through(Api::chat));
    std::string chat_out;
    chat.feed(k_chat_role + k_chat_text + k_chat_finish + k_chat_usage + k_chat_done, chat_out);
    ASSERT_TRUE(chat.progress().usage.has_value());
    EXPECT_EQ(chat.progress().usage->input_tokens, 12);
    EXPECT_EQ(chat.progress().usage->output_tokens, 3);
    EXPECT_TRUE(chat.finish(chat_out));
}

TEST(StreamReaderPassThrough, ACutStreamEndsWithTheClientsErrorAndFinishFails) {
    StreamReader reader(pass_through(Api::messages));
    const std::string sent = k_msg_start + k_msg_text_start + k_msg_text;
    std::string out;
    reader.feed(sent, out);
    ASSERT_EQ(out, sent);
    EXPECT_FALSE(reader.finish(out));
    ASSERT_GT(out.size(), sent.size());
    const std::string added = out.substr(sent.size());
    // Claude Code retries an in-stream overloaded_error.
    EXPECT_EQ(added.rfind("event: error\n", 0), 0u) << added;
    EXPECT_NE(added.find("overloaded_error"), std::string::npos) << added;
    ASSERT_TRUE(reader.progress().error.has_value());
    EXPECT_EQ(*reader.progress().error, FailureClass::stream_broken);
    EXPECT_TRUE(reader.progress().ended);
}

TEST(StreamReaderPassThrough, AChatStreamCutBeforeItsFinishReasonFails) {
    StreamReader reader(pass_through(Api::chat));
    std::string out;
    reader.feed(k_chat_role + k_chat_text, out);
    EXPECT_FALSE(reader.finish(out));
    const std::string added = out.substr((k_chat_role + k_chat_text).size());
    EXPECT_EQ(added.rfind("data: {\"error\":", 0), 0u) << added;
    EXPECT_EQ(*reader.progress().error, FailureClass::stream_broken);
}

TEST(StreamReaderPassThrough, AChatStreamClosedAfterItsFinishReasonWithoutDoneIsComplete) {
    StreamReader reader(pass_through(Api::chat));
    const std::string sent = k_chat_role + k_chat_text + k_chat_finish;
    std::string out;
    reader.feed(sent, out);
    EXPECT_TRUE(reader.finish(out));
    EXPECT_EQ(out, sent);
    EXPECT_FALSE(reader.progress().error.has_value());
}

TEST(StreamReaderPassThrough, AMalformedEventIsForwardedThenEndedWithAnError) {
    StreamReader reader(pass_through(Api::messages));
    std::string out;
    reader.feed(k_msg_start, out);
    const std::string broken = "event: content_block_delta\ndata: {oops}\n\n";
    reader.feed(broken, out);
    EXPECT_EQ(out.rfind(k_msg_start + broken, 0), 0u);
    EXPECT_NE(out.find("event: error", (k_msg_start + broken).size()), std::string::npos) << out;
    ASSERT_TRUE(reader.progress().error.has_value());
    EXPECT_EQ(*reader.progress().error, FailureClass::stream_broken);
    EXPECT_FALSE(reader.finish(out));
    EXPECT_EQ(count(out, "event: error"), 1u) << out;
}

struct ClientError {
    Api client;
    const char* starts_with;
};

TEST(StreamReaderPassThrough, FailAppendsAnErrorEventInTheClientsShape) {
    const ClientError cases[] = {
        // A Responses client gets the stream opened before it fails.
        {Api::responses, "event: response.created\n"},
        {Api::chat, "data: {\"error\":{"},
        {Api::messages, "event: error\n"},
        {Api::gemini, "data: {\"error\":{"},
    };
    for (const ClientError& c : cases) {
        StreamReader reader(pass_through(c.client));
        std::string out;
        reader.fail(FailureClass::timeout, "no bytes for 120s", out);
        EXPECT_EQ(out.rfind(c.starts_with, 0), 0u)
            << lifeline::translate::to_string(c.client) << ": " << out;
        EXPECT_NE(out.find("no bytes for 120s"), std::string::npos) << out;
        if (c.client == Api::responses) {
            EXPECT_NE(out.find("event: response.failed\n"), std::string::npos) << out;
        }
        ASSERT_TRUE(reader.progress().error.has_value());
        EXPECT_EQ(*reader.progress().error, FailureClass::timeout);
        EXPECT_TRUE(reader.progress().ended);
        // One error event, however often the stream is failed.
        const std::string once = out;
        reader.fail(FailureClass::network, "reset", out);
        EXPECT_EQ(out, once);
        EXPECT_EQ(*reader.progress().error, FailureClass::timeout);
    }
}

TEST(StreamReaderPassThrough, FailAfterContentKeepsWhatWasForwarded) {
    StreamReader reader(pass_through(Api::chat));
    std::string out;
    reader.feed(k_chat_role + k_chat_text, out);
    reader.fail(FailureClass::timeout, "stalled", out);
    EXPECT_EQ(out.rfind(k_chat_role + k_chat_text, 0), 0u);
    EXPECT_NE(out.find("\"error\"", (k_chat_role + k_chat_text).size()), std::string::npos);
    EXPECT_TRUE(reader.progress().content_started);
}

// The upstream's end event went out; the transfer failing afterwards (a reset before the
// body's last chunk, a shutdown) must not append an error after it, as in translated mode.
TEST(StreamReaderPassThrough, FailAfterACleanEndAddsNothing) {
    StreamReader reader(pass_through(Api::messages));
    const std::string sent =
        k_msg_start + k_msg_text_start + k_msg_text + k_msg_text_stop + k_msg_delta + k_msg_stop;
    std::string out;
    reader.feed(sent, out);
    ASSERT_TRUE(reader.progress().ended);
    reader.fail(FailureClass::network, "connection reset by peer", out);
    EXPECT_EQ(out, sent);
    EXPECT_FALSE(reader.progress().error.has_value());
}

TEST(StreamReaderPassThrough, AGeminiJsonArrayClientGetsAnArrayFromTheSseUpstream) {
    const std::string sse = translate_fixture("gemini_stream.sse");
    StreamReader reader(pass_through(Api::gemini, GeminiFraming::json_array));
    std::string out = feed_in_pieces(reader, sse, 50);
    EXPECT_TRUE(reader.finish(out));
    EXPECT_EQ(out.find("data: "), std::string::npos) << out;
    const auto array = json_of(out);
    ASSERT_TRUE(array.is_array()) << out;
    ASSERT_FALSE(array.empty());
    EXPECT_EQ(array.back()["candidates"][0]["finishReason"], "STOP");
    EXPECT_NE(out.find("Hello, "), std::string::npos);
    EXPECT_TRUE(reader.progress().usage.has_value());
}

TEST(StreamReaderTranslated, AnthropicUpstreamToAResponsesClientCompletes) {
    StreamReader reader(translated(Api::messages, Api::responses));
    std::string out = feed_in_pieces(reader, translate_fixture("messages_stream.sse"), 13);
    EXPECT_TRUE(reader.finish(out));
    EXPECT_NE(out.find("event: response.created"), std::string::npos);
    EXPECT_NE(out.find("event: response.output_text.delta"), std::string::npos);
    EXPECT_NE(out.find("Hello, "), std::string::npos);
    EXPECT_NE(out.find("event: response.completed"), std::string::npos) << out;
    EXPECT_EQ(out.find("event: content_block_delta"), std::string::npos);
    const auto& progress = reader.progress();
    EXPECT_TRUE(progress.content_started);
    EXPECT_TRUE(progress.ended);
    EXPECT_FALSE(progress.error.has_value());
    ASSERT_TRUE(progress.usage.has_value());
    EXPECT_EQ(progress.usage->input_tokens, 1000);  // 400 + 600 read from the cache
    EXPECT_EQ(progress.usage->output_tokens, 50);
}

TEST(StreamReaderTranslated, ChatUpstreamToAnAnthropicClientEndsWithMessageStop) {
    StreamReader reader(translated(Api::chat, Api::messages));
    std::string out;
    reader.feed(k_chat_role, out);
    EXPECT_FALSE(reader.progress().content_started);
    reader.feed(k_chat_text, out);
    EXPECT_TRUE(reader.progress().content_started);
    reader.feed(k_chat_finish + k_chat_usage + k_chat_done, out);
    EXPECT_TRUE(reader.finish(out));
    EXPECT_NE(out.find("event: message_start"), std::string::npos);
    EXPECT_NE(out.find("\"text\":\"Hello\""), std::string::npos) << out;
    EXPECT_NE(out.find("event: message_stop"), std::string::npos);
    EXPECT_EQ(out.find("[DONE]"), std::string::npos);
}

TEST(StreamReaderTranslated, AnUpstreamErrorBeforeContentIsReported) {
    StreamReader reader(translated(Api::messages, Api::responses));
    std::string out;
    reader.feed(k_msg_start + k_msg_overloaded, out);
    ASSERT_TRUE(reader.progress().error.has_value());
    EXPECT_EQ(*reader.progress().error, FailureClass::overloaded);
    EXPECT_FALSE(reader.progress().content_started);
}

// A passed-through stream cut inside an event: the client has the partial event, then a blank
// line that ends it, then the error event, which it reads as an event of its own.
TEST(StreamReaderPassThrough, AStreamCutInsideAnEventEndsWithAnErrorEventOfItsOwn) {
    StreamReader reader(pass_through(Api::messages));
    std::string out;
    const std::string partial = k_msg_text.substr(0, k_msg_text.size() / 2);
    reader.feed(k_msg_start + k_msg_text_start + partial, out);
    EXPECT_FALSE(reader.finish(out));
    const size_t error = out.find("event: error\n");
    ASSERT_NE(error, std::string::npos) << out;
    EXPECT_EQ(out.substr(0, error), k_msg_start + k_msg_text_start + partial + "\n\n") << out;
}

// An upstream error after output is a failed stream: finish() must not call it a proper end
// (the request would record the attempt as a success), in either mode.
TEST(StreamReaderTranslated, AnUpstreamErrorAfterContentIsNotAProperEnd) {
    const std::string sent = k_msg_start + k_msg_text_start + k_msg_text + k_msg_overloaded;
    StreamReader translated_reader(translated(Api::messages, Api::responses));
    std::string out;
    translated_reader.feed(sent, out);
    EXPECT_NE(out.find("event: response.failed"), std::string::npos) << out;
    EXPECT_FALSE(translated_reader.finish(out));
    EXPECT_EQ(*translated_reader.progress().error, FailureClass::overloaded);

    StreamReader raw_reader(pass_through(Api::messages));
    std::string raw_out;
    raw_reader.feed(sent, raw_out);
    EXPECT_FALSE(raw_reader.finish(raw_out));
}

TEST(StreamReaderTranslated, ACutStreamEndsWithTheClientsErrorAndFinishFails) {
    StreamReader reader(translated(Api::chat, Api::messages));
    std::string out;
    reader.feed(k_chat_role + k_chat_text, out);
    const size_t before = out.size();
    EXPECT_FALSE(reader.finish(out));
    EXPECT_NE(out.find("event: error", before), std::string::npos) << out;
    EXPECT_EQ(out.find("event: message_stop"), std::string::npos);
    EXPECT_EQ(*reader.progress().error, FailureClass::stream_broken);
}

TEST(StreamReaderTranslated, FailEndsTheClientsStreamInItsShape) {
    StreamReader reader(translated(Api::messages, Api::chat));
    std::string out;
    reader.feed(k_msg_start + k_msg_text_start + k_msg_text, out);
    const size_t before = out.size();
    reader.fail(FailureClass::timeout, "stalled", out);
    EXPECT_NE(out.find("data: {\"error\":", before), std::string::npos) << out;
    EXPECT_EQ(*reader.progress().error, FailureClass::timeout);
}

const std::string k_chat_whole =
    R"({"id":"chatcmpl-1","object":"chat.completion","model":"qwen3-coder","choices":[{"index":0,)"
    R"("message":{"role":"assistant","content":"Hello from qwen."},"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})";

TEST(ReadWholeAnswer, PassThroughKeepsTheBodyAndReadsTheUsage) {
    auto answer = read_whole_answer(pass_through(Api::chat), k_chat_whole);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(answer->body, k_chat_whole);
    ASSERT_TRUE(answer->usage.has_value());
    EXPECT_EQ(answer->usage->input_tokens, 12);
    EXPECT_EQ(answer->usage->output_tokens, 3);
}

TEST(ReadWholeAnswer, PassThroughOfAnUnreadableBodyStillPassesItOn) {
    auto answer = read_whole_answer(pass_through(Api::chat), "{\"odd\":true}");
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(answer->body, "{\"odd\":true}");
    EXPECT_FALSE(answer->usage.has_value());
}

// A 200 whose body is not JSON at all (malformed, cut) is a broken answer even when it would
// pass through: the attempt fails and the request moves on.
TEST(ReadWholeAnswer, PassThroughOfABodyThatIsNotJsonFails) {
    auto answer = read_whole_answer(pass_through(Api::chat), "{\"choices\": [{\"mess");
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, lifeline::ErrorCode::parse);
}

TEST(ReadWholeAnswer, ChatUpstreamToAnAnthropicClient) {
    auto answer = read_whole_answer(translated(Api::chat, Api::messages), k_chat_whole);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    const auto body = json_of(answer->body);
    ASSERT_TRUE(body.is_object()) << answer->body;
    EXPECT_EQ(body["type"], "message");
    EXPECT_EQ(body["role"], "assistant");
    EXPECT_EQ(body["content"][0]["type"], "text");
    EXPECT_EQ(body["content"][0]["text"], "Hello from qwen.");
    EXPECT_EQ(body["stop_reason"], "end_turn");
    EXPECT_EQ(body["usage"]["input_tokens"], 12);
    ASSERT_TRUE(answer->usage.has_value());
    EXPECT_EQ(answer->usage->output_tokens, 3);
}

TEST(ReadWholeAnswer, AnUndecodableBodyFailsTheTranslatedAttempt) {
    for (const char* body : {"not json", "[]", ""}) {
        auto answer = read_whole_answer(translated(Api::chat, Api::messages), body);
        ASSERT_FALSE(answer.ok()) << body;
        EXPECT_EQ(answer.error().code, lifeline::ErrorCode::parse) << body;
    }
}

TEST(ReadWholeAnswer, CustomToolCallsGoBackToAResponsesClientWhole) {
    const std::string body =
        R"({"id":"chatcmpl-2","object":"chat.completion","model":"qwen3-coder","choices":[{)"
        R"("index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9",)"
        R"("type":"function","function":{"name":"apply_patch","arguments":)"
        R"("{\"input\":\"*** Begin Patch\\n*** End Patch\\n\"}"}}]},"finish_reason":"tool_calls"}],)"
        R"("usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}})";
    ReaderSetup setup = translated(Api::chat, Api::responses);
    setup.custom_tools = {"apply_patch"};
    auto answer = read_whole_answer(setup, body);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    const auto json = json_of(answer->body);
    ASSERT_TRUE(json.is_object()) << answer->body;
    ASSERT_EQ(json["output"].size(), 1u) << answer->body;
    EXPECT_EQ(json["output"][0]["type"], "custom_tool_call");
    EXPECT_EQ(json["output"][0]["name"], "apply_patch");
    EXPECT_EQ(json["output"][0]["input"], "*** Begin Patch\n*** End Patch\n");
}

}  // namespace
}  // namespace failover_proxy
