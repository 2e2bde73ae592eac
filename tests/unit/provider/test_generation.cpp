#include <gtest/gtest.h>

#include <lifeline/provider/generation.hpp>

namespace lifeline::provider {
namespace {

TEST(ReadGeneration, ChatCompletionWithUsageAndCachedTokens) {
    const auto g = read_generation(WireApi::chat_completions, R"({
      "id": "chatcmpl-abc", "object": "chat.completion", "model": "gpt-5.5",
      "choices": [{"index": 0, "message": {"role": "assistant", "content": "router-ok"},
                   "finish_reason": "stop"}],
      "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15,
                "prompt_tokens_details": {"cached_tokens": 4},
                "completion_tokens_details": {"reasoning_tokens": 0}}})");
    ASSERT_TRUE(g) << g.error().to_string();
    EXPECT_EQ(g->text, "router-ok");
    EXPECT_EQ(g->finish_reason, "stop");
    ASSERT_TRUE(g->usage);
    EXPECT_EQ(g->usage->input_tokens, 12);
    EXPECT_EQ(g->usage->output_tokens, 3);
    EXPECT_EQ(g->usage->cached_input_tokens, 4);
}

TEST(ReadGeneration, ChatToolCallIsCheckedForWellFormedArguments) {
    const auto good = read_generation(WireApi::chat_completions, R"({"choices": [{"message": {
        "role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
        "function": {"name": "record_probe_result", "arguments": "{\"status\":\"ok\"}"}}]},
        "finish_reason": "tool_calls"}]})");
    ASSERT_TRUE(good);
    ASSERT_TRUE(good->tool_call);
    EXPECT_TRUE(good->tool_call->well_formed);

    const auto broken = read_generation(WireApi::chat_completions, R"({"choices": [{"message": {
        "tool_calls": [{"function": {"name": "record_probe_result", "arguments": "{\"status\": "}}]}}]})");
    ASSERT_TRUE(broken);
    EXPECT_FALSE(broken->tool_call->well_formed);
}

TEST(ReadGeneration, ResponsesApiOutputTextAndFunctionCall) {
    const auto g = read_generation(WireApi::responses, R"({
      "id": "resp_1", "object": "response", "status": "completed",
      "output": [
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"type": "message", "role": "assistant",
         "content": [{"type": "output_text", "text": "router-ok", "annotations": []}]},
        {"type": "function_call", "name": "record_probe_result", "arguments": "{\"status\":\"ok\"}",
         "call_id": "call_1"}],
      "usage": {"input_tokens": 20, "input_tokens_details": {"cached_tokens": 0},
                "output_tokens": 9, "output_tokens_details": {"reasoning_tokens": 6},
                "total_tokens": 29}})");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->text, "router-ok");
    EXPECT_EQ(g->response_id, "resp_1");
    EXPECT_TRUE(g->tool_call->well_formed);
    EXPECT_EQ(g->usage->reasoning_tokens, 6);
}

TEST(ReadGeneration, AnthropicCountsCachedInputIntoInput) {
    const auto g = read_generation(WireApi::anthropic_messages, R"({
      "id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-6",
      "content": [{"type": "text", "text": "router-ok"},
                  {"type": "tool_use", "id": "toolu_1", "name": "record_probe_result",
                   "input": {"status": "ok"}}],
      "stop_reason": "tool_use",
      "usage": {"input_tokens": 10, "cache_creation_input_tokens": 5,
                "cache_read_input_tokens": 100, "output_tokens": 7}})");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->usage->input_tokens, 115);
    EXPECT_EQ(g->usage->cached_input_tokens, 100);
    EXPECT_EQ(g->usage->cache_creation_tokens, 5);
    EXPECT_EQ(g->tool_call->name, "record_probe_result");
    EXPECT_TRUE(g->tool_call->well_formed);
}

TEST(ReadGeneration, GeminiCandidatesAndThoughtsBilledAsOutput) {
    const auto g = read_generation(WireApi::gemini, R"({
      "candidates": [{"content": {"role": "model", "parts": [{"text": "router-"}, {"text": "ok"}]},
                      "finishReason": "STOP", "index": 0}],
      "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 3,
                        "thoughtsTokenCount": 10, "totalTokenCount": 21},
      "modelVersion": "gemini-3-1-pro", "responseId": "r-1"})");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->text, "router-ok");
    EXPECT_EQ(g->usage->output_tokens, 13);
    EXPECT_EQ(g->finish_reason, "STOP");
}

TEST(ReadGeneration, NonJsonOrShapelessBodiesAreParseErrors) {
    for (WireApi api : {WireApi::chat_completions, WireApi::responses, WireApi::anthropic_messages,
                        WireApi::gemini}) {
        const auto html = read_generation(api, "<html>502 Bad Gateway</html>");
        ASSERT_FALSE(html);
        EXPECT_EQ(html.error().code, ErrorCode::parse);
        EXPECT_FALSE(read_generation(api, "{}"));
    }
}

}  // namespace
}  // namespace lifeline::provider
