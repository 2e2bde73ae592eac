// Errors that arrive inside a 200 stream: one row per stream dialect x class, plus the
// ordinary events that must NOT be mistaken for errors.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <lifeline/classify/stream_errors.hpp>

namespace lifeline {
namespace {

const SystemTime k_now = from_unix_ms(1'795'255'200'000);  // 2026-11-21T10:00:00Z
using FC = FailureClass;

struct StreamRow {
    const char* name;
    std::string event;
    std::string data;
    std::optional<FailureClass> expected;  // nullopt: not an error event
    std::string provider_code;
    std::optional<int64_t> wait_ms;
};

void PrintTo(const StreamRow& row, std::ostream* os) {
    *os << row.name;
}

const std::vector<StreamRow>& stream_rows() {
    static const std::
        vector<StreamRow>
            k_rows =
                {
                    // ------------------------------------------------------------ not errors
                    {"openai_chat_delta", "",
                     R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]})",
                     std::nullopt, "", std::nullopt},
                    {"openai_done_sentinel", "", "[DONE]", std::nullopt, "", std::nullopt},
                    {"responses_completed_with_null_error", "response.completed",
                     R"({"type":"response.completed","sequence_number":42,"response":{"id":"resp_1","object":"response","status":"completed","error":null,"incomplete_details":null,"output":[]}})",
                     std::nullopt, "", std::nullopt},
                    {"responses_incomplete_max_tokens", "response.incomplete",
                     R"({"type":"response.incomplete","sequence_number":9,"response":{"id":"resp_2","object":"response","status":"incomplete","error":null,"incomplete_details":{"reason":"max_output_tokens"}}})",
                     std::nullopt, "", std::nullopt},
                    {"anthropic_text_delta", "content_block_delta",
                     R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})",
                     std::nullopt, "", std::nullopt},
                    {"anthropic_ping", "ping", R"({"type": "ping"})", std::nullopt, "",
                     std::nullopt},
                    {"gemini_candidate", "",
                     R"({"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1},"modelVersion":"gemini-2.5-flash"})",
                     std::nullopt, "", std::nullopt},
                    {"non_json_data_without_error_event", "", "keep-alive", std::nullopt, "",
                     std::nullopt},
                    {"truncated_json_chunk", "",
                     R"({"id":"chatcmpl-123","choices":[{"delta":{"content":"He)", std::nullopt, "",
                     std::nullopt},
                    // ------------------------------------------------------------ OpenAI chat
                    // stream
                    {"openai_chat_error_chunk", "",
                     R"({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})",
                     FC::server_error, "server_error", std::nullopt},
                    // ------------------------------------------------------------ Responses API
                    {"responses_failed_rate_limit", "response.failed",
                     R"({"type":"response.failed","sequence_number":3,"response":{"id":"resp_68385e5a","object":"response","created_at":1748524634,"status":"failed","error":{"code":"rate_limit_exceeded","message":"Rate limit reached for gpt-5.5 in organization org-abc on tokens per min (TPM): Limit 800000, Used 791234, Requested 12999. Please try again in 11.054s. Visit https://platform.openai.com/account/rate-limits to learn more."},"incomplete_details":null}})",
                     FC::rate_limited, "rate_limit_exceeded", 11054},
                    {"responses_failed_server_error", "response.failed",
                     R"({"type":"response.failed","sequence_number":7,"response":{"id":"resp_3","object":"response","status":"failed","error":{"code":"server_error","message":"An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists."}}})",
                     FC::server_error, "server_error", std::nullopt},
                    {"responses_failed_insufficient_quota", "response.failed",
                     R"({"type":"response.failed","sequence_number":2,"response":{"id":"resp_4","object":"response","status":"failed","error":{"code":"insufficient_quota","message":"You exceeded your current quota, please check your plan and billing details."}}})",
                     FC::quota_exhausted, "insufficient_quota", std::nullopt},
                    {"responses_failed_context_length", "response.failed",
                     R"({"type":"response.failed","sequence_number":2,"response":{"id":"resp_5","object":"response","status":"failed","error":{"code":"context_length_exceeded","message":"Your input exceeds the context window of this model. Please adjust your input and try again."}}})",
                     FC::context_exceeded, "context_length_exceeded", std::nullopt},
                    {"responses_failed_without_event_name", "",
                     R"({"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"boom"}}})",
                     FC::server_error, "server_error", std::nullopt},
                    {"responses_error_event_documented_shape", "error",
                     R"({"type":"error","code":"rate_limit_exceeded","message":"Rate limit reached. Please try again in 20ms.","param":null,"sequence_number":1})",
                     FC::rate_limited, "rate_limit_exceeded", 20},
                    {"responses_error_event_nested_tpm", "error",
                     R"({"type":"error","sequence_number":2,"error":{"type":"tokens","code":"rate_limit_exceeded","message":"Request too large for gpt-4.1 in organization org-XXXX on tokens per min (TPM): Limit 30000, Requested 35364. The input or output tokens must be reduced in order to run successfully.","param":null}})",
                     FC::quota_exhausted, "rate_limit_exceeded", std::nullopt},
                    {"responses_incomplete_content_filter", "response.incomplete",
                     R"({"type":"response.incomplete","sequence_number":12,"response":{"id":"resp_6","object":"response","status":"incomplete","error":null,"incomplete_details":{"reason":"content_filter"}}})",
                     FC::content_filtered, "content_filter", std::nullopt},
                    // ------------------------------------------------------------ Anthropic
                    {"anthropic_overloaded_event", "error",
                     R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"})",
                     FC::overloaded, "overloaded_error", std::nullopt},
                    {"anthropic_api_error_event", "error",
                     R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})",
                     FC::server_error, "api_error", std::nullopt},
                    // ------------------------------------------------------------ Gemini
                    {"gemini_unavailable_item", "",
                     R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})",
                     FC::overloaded, "UNAVAILABLE", std::nullopt},
                    {"gemini_array_with_rate_limit", "",
                     R"([{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}]},{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}])",
                     FC::rate_limited, "RESOURCE_EXHAUSTED", 7000},
                    {"gemini_prompt_blocked", "",
                     R"({"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]},"modelVersion":"gemini-2.5-pro"})",
                     FC::content_filtered, "SAFETY", std::nullopt},
                    // ------------------------------------------------------------ OpenRouter
                    {"openrouter_midstream_error_chunk", "",
                     R"({"id":"cmpl-abc123","object":"chat.completion.chunk","created":1762345678,"model":"openai/gpt-5.5","provider":"OpenAI","error":{"code":"server_error","message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})",
                     FC::server_error, "server_error", std::nullopt},
                    {"openrouter_midstream_upstream_429", "",
                     R"({"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}","provider_name":"Google AI Studio"}}})",
                     FC::rate_limited, "RESOURCE_EXHAUSTED", std::nullopt},
                    // ------------------------------------------------------------ unreadable error
                    // events
                    {"error_event_plain_text", "error",
                     "upstream connect error or disconnect/reset", FC::server_error, "",
                     std::nullopt},
                    {"error_event_unknown_json", "error", R"({"detail":"something broke"})",
                     FC::server_error, "", std::nullopt},
                };
    return k_rows;
}

class StreamErrorTable : public ::testing::TestWithParam<StreamRow> {};

TEST_P(StreamErrorTable, RecognisesErrorEventsAndOnlyThem) {
    const StreamRow& row = GetParam();
    const std::optional<Classification> c = classify_stream_event(row.event, row.data, k_now);
    ASSERT_EQ(c.has_value(), row.expected.has_value()) << (c ? c->reason : "not an error");
    if (!c) {
        return;
    }
    ASSERT_TRUE(c->failure_class) << c->reason;
    EXPECT_EQ(std::string(to_string(*c->failure_class)), to_string(*row.expected)) << c->reason;
    EXPECT_EQ(c->provider_code, row.provider_code);
    if (row.wait_ms) {
        ASSERT_TRUE(c->wait_hint) << c->reason;
        EXPECT_EQ(c->wait_hint->count(), *row.wait_ms);
    } else {
        EXPECT_FALSE(c->wait_hint);
    }
}

INSTANTIATE_TEST_SUITE_P(Dialects, StreamErrorTable, ::testing::ValuesIn(stream_rows()),
                         [](const ::testing::TestParamInfo<StreamRow>& param_info) {
                             return std::string(param_info.param.name);
                         });

TEST(StreamErrors, ReasonSaysItCameFromTheStreamWithTheErrorsOwnCode) {
    const auto c = classify_stream_event(
        "",
        R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})",
        k_now);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->reason.rfind("stream error (code 503) UNAVAILABLE", 0), 0U) << c->reason;
    EXPECT_EQ(c->message, "The model is overloaded. Please try again later.");
}

TEST(StreamErrors, HostileDataNeverThrowsOrMatches) {
    const std::string deep(10000, '[');
    const std::string deep_valid = std::string(5000, '[') + std::string(5000, ']');
    const std::string huge_delta =
        R"({"choices":[{"delta":{"content":")" + std::string(256 * 1024, 'a') + R"("}}]})";
    for (const std::string& data : {deep, deep_valid, huge_delta, std::string("\0\x01\x02", 3),
                                    std::string("{\"error\":null}"), std::string("{\"error\":42}"),
                                    std::string("{\"type\":\"response.incomplete\"}")}) {
        EXPECT_FALSE(classify_stream_event("", data, k_now)) << data.substr(0, 40);
    }
}

}  // namespace
}  // namespace lifeline
