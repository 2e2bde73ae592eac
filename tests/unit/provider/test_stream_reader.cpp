#include <gtest/gtest.h>

#include <lifeline/http/sse_parser.hpp>
#include <lifeline/provider/stream_reader.hpp>

namespace lifeline::provider {
namespace {

const SystemTime k_now = from_unix_ms(1'795'255'200'000);

// Feeds an SSE wire text through the real parser into a StreamReader.
struct Replay {
    StreamReader reader;
    int first_output_events = 0;
    int event_count = 0;
    int first_output_at = -1;
    std::optional<Classification> error;

    Replay(WireApi api, std::string_view wire) : reader(api) {
        http::SseParser parser([&](const http::SseEvent& event) {
            const StreamStep step = reader.consume(event, k_now);
            if (step.first_output) {
                ++first_output_events;
                first_output_at = event_count;
            }
            if (step.error && !error)
                error = step.error;
            ++event_count;
        });
        EXPECT_TRUE(parser.feed(wire));
    }
};

TEST(StreamReader, ChatStreamWithUsageChunkAndDone) {
    Replay r(
        WireApi::chat_completions,
        "data: "
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":"
        "\"\"}}]}\n\n"
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"router\"}}]}\n\n"
        "data: "
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"-ok\"},\"finish_"
        "reason\":\"stop\"}]}\n\n"
        "data: "
        "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\n"
        "data: [DONE]\n\n");
    EXPECT_TRUE(r.reader.complete());
    EXPECT_EQ(r.reader.generation().text, "router-ok");
    EXPECT_EQ(r.first_output_events, 1);
    EXPECT_EQ(r.first_output_at, 1);  // the empty role chunk is not output
    ASSERT_TRUE(r.reader.generation().usage);
    EXPECT_EQ(r.reader.generation().usage->output_tokens, 2);
}

TEST(StreamReader, ChatStreamCutBeforeDoneIsIncomplete) {
    Replay r(WireApi::chat_completions,
             "data: {\"choices\":[{\"delta\":{\"content\":\"rou\"}}]}\n\n");
    EXPECT_FALSE(r.reader.complete());
    EXPECT_TRUE(r.reader.saw_output());
}

TEST(StreamReader, ChatToolCallArgumentsAccumulateAcrossChunks) {
    Replay r(
        WireApi::chat_completions,
        "data: "
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":"
        "\"function\",\"function\":{\"name\":\"record_probe_result\",\"arguments\":\"\"}}]}}]}\n\n"
        "data: "
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{"
        "\\\"status\\\":\"}}]}}]}\n\n"
        "data: "
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
        "\"\\\"ok\\\"}\"}}]}}]}\n\n"
        "data: [DONE]\n\n");
    ASSERT_TRUE(r.reader.generation().tool_call);
    EXPECT_EQ(r.reader.generation().tool_call->arguments_json, "{\"status\":\"ok\"}");
    EXPECT_TRUE(r.reader.generation().tool_call->well_formed);
}

TEST(StreamReader, ResponsesApiEventsToCompleted) {
    Replay r(
        WireApi::responses,
        "event: response.created\ndata: "
        "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_9\",\"status\":\"in_progress\"}"
        "}\n\n"
        "event: response.output_text.delta\ndata: "
        "{\"type\":\"response.output_text.delta\",\"delta\":\"router-ok\"}\n\n"
        "event: response.completed\ndata: "
        "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_9\",\"status\":\"completed\","
        "\"usage\":{\"input_tokens\":11,\"output_tokens\":4,\"total_tokens\":15}}}\n\n");
    EXPECT_TRUE(r.reader.complete());
    EXPECT_EQ(r.reader.generation().response_id, "resp_9");
    EXPECT_EQ(r.reader.generation().usage->input_tokens, 11);
    EXPECT_FALSE(r.error);
}

TEST(StreamReader, ResponsesFailedInsideA200StreamIsClassified) {
    Replay r(WireApi::responses,
             "event: response.created\ndata: "
             "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\n"
             "event: response.failed\ndata: "
             "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\","
             "\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached. Please "
             "try again in 1.5s.\"}}}\n\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->failure_class, FailureClass::rate_limited);
    EXPECT_TRUE(r.reader.complete());
}

TEST(StreamReader, AnthropicMessageStreamWithToolUse) {
    Replay r(WireApi::anthropic_messages,
             "event: message_start\ndata: "
             "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_"
             "tokens\":25,\"output_tokens\":1}}}\n\n"
             "event: content_block_start\ndata: "
             "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_"
             "use\",\"id\":\"toolu_1\",\"name\":\"record_probe_result\",\"input\":{}}}\n\n"
             "event: ping\ndata: {\"type\": \"ping\"}\n\n"
             "event: content_block_delta\ndata: "
             "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_"
             "delta\",\"partial_json\":\"{\\\"status\\\": \\\"ok\\\"}\"}}\n\n"
             "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
             "event: message_delta\ndata: "
             "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{"
             "\"output_tokens\":18}}\n\n"
             "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    EXPECT_TRUE(r.reader.complete());
    EXPECT_EQ(r.reader.generation().usage->input_tokens, 25);
    EXPECT_EQ(r.reader.generation().usage->output_tokens, 18);
    EXPECT_TRUE(r.reader.generation().tool_call->well_formed);
    EXPECT_EQ(r.first_output_at, 1);
}

TEST(StreamReader, AnthropicOverloadedErrorEventInsideTheStream) {
    Replay r(WireApi::anthropic_messages,
             "event: message_start\ndata: "
             "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_"
             "tokens\":5}}}\n\n"
             "event: error\ndata: "
             "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
             "\"Overloaded\"}}\n\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->failure_class, FailureClass::overloaded);
}

TEST(StreamReader, GeminiStreamCompletesOnFinishReason) {
    Replay r(WireApi::gemini,
             "data: "
             "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"router\"}],\"role\":\"model\"}}"
             "],\"usageMetadata\":{\"promptTokenCount\":6}}\r\n\r\n"
             "data: "
             "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"-ok\"}],\"role\":\"model\"},"
             "\"finishReason\":\"STOP\"}],"
             "\"usageMetadata\":{\"promptTokenCount\":6,\"candidatesTokenCount\":2,"
             "\"totalTokenCount\":8}}\r\n\r\n");
    EXPECT_TRUE(r.reader.complete());
    EXPECT_EQ(r.reader.generation().text, "router-ok");
    EXPECT_EQ(r.reader.generation().usage->output_tokens, 2);
}

}  // namespace
}  // namespace lifeline::provider
