// Whole (non-streamed) responses of each API: shapes clients read, and malformed bodies.

#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::json_of;
using testing::k_all_apis;
using testing::must_decode_response;

TEST(Responses, MalformedBodiesAreErrorsNamingTheField) {
    struct Case {
        Api api;
        const char* body;
        const char* message;
    };
    const Case cases[] = {
        {Api::responses, "{\"id\":\"r\"}", "output: missing or not an array"},
        {Api::responses, "{\"output\":[{\"id\":1}]}", "output[0].type: missing"},
        {Api::chat, "{\"choices\":[]}", "choices: missing or empty"},
        {Api::chat, "{\"choices\":[{}]}", "choices[0].message: missing"},
        {Api::messages, "{\"content\":\"x\"}", "content: missing or not an array"},
        {Api::gemini, "{\"candidates\":[]}", "candidates: missing or empty"},
        {Api::gemini, "{\"candidates\":[{\"content\":{\"parts\":[{\"odd\":1}]}}]}",
         "candidates[0].content.parts[0]: unknown part shape"},
    };
    for (const Case& c : cases) {
        Result<Response> response = decode_response(c.api, c.body);
        ASSERT_FALSE(response.ok()) << c.body;
        EXPECT_EQ(response.error().message, c.message);
    }
    for (Api api : k_all_apis) {
        EXPECT_EQ(decode_response(api, "not json").error().code, ErrorCode::parse);
        EXPECT_FALSE(decode_response(api, "[1,2]").ok());
    }
}

TEST(Responses, StopReasonsMapBothWays) {
    for (StopReason reason : {StopReason::end_turn, StopReason::max_tokens, StopReason::tool_use,
                              StopReason::content_filter}) {
        Response x;
        x.id = "resp_1";
        x.output = {text_part("t")};
        if (reason == StopReason::tool_use)
            x.output.push_back(tool_call_part({"c", "f", "{}"}));
        x.stop_reason = reason;
        for (Api api : k_all_apis)
            EXPECT_EQ(must_decode_response(api, encode_response(api, x)).stop_reason, reason)
                << to_string(api) << " " << to_string(reason);
    }
}

TEST(Responses, BlockedGeminiPromptIsAContentFilterStop) {
    Response response = must_decode_response(
        Api::gemini, R"({"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{}})");
    EXPECT_EQ(response.stop_reason, StopReason::content_filter);
}

TEST(Responses, ResponsesUsageCarriesReasoningTokens) {
    Response x;
    x.id = "resp_9";
    x.usage = {120, 30, 100, 0, 12};
    auto body = json_of(encode_response(Api::responses, x));
    EXPECT_EQ(body["usage"]["output_tokens_details"]["reasoning_tokens"], 12);
    EXPECT_EQ(body["usage"]["input_tokens_details"]["cached_tokens"], 100);
    auto anthropic = json_of(encode_response(Api::messages, x));
    EXPECT_EQ(anthropic["usage"]["input_tokens"], 20);  // excludes the 100 cache reads
    EXPECT_EQ(anthropic["usage"]["cache_read_input_tokens"], 100);
}

TEST(Responses, CustomCallsAreRestoredOnlyForCustomTools) {
    Response response;
    response.output = {tool_call_part({"c1", "apply_patch", R"({"input":"patch text"})"}),
                       tool_call_part({"c2", "exec", R"({"input":"ls"})"}),
                       tool_call_part({"c3", "apply_patch", R"({"other":1})"})};
    restore_custom_tool_calls(response, {"apply_patch"});
    EXPECT_EQ(response.output[0].tool_call.kind, ToolKind::custom);
    EXPECT_EQ(response.output[0].tool_call.arguments, "patch text");
    EXPECT_EQ(response.output[1].tool_call.kind, ToolKind::function);
    EXPECT_EQ(response.output[2].tool_call.kind, ToolKind::function);  // not {"input": "..."}
}

}  // namespace
}  // namespace lifeline::translate
