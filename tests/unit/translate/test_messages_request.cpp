#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::fixture;
using testing::json_of;
using testing::must_decode_request;

TEST(MessagesRequest, DecodesClaudeCodeRequest) {
    Request request = must_decode_request(Api::messages, fixture("claude_code_request.json"));
    EXPECT_EQ(request.model, "claude-sonnet-4-6");
    EXPECT_EQ(request.system.size(), 2u);
    ASSERT_EQ(request.messages.size(), 3u);
    const Message& turn = request.messages[1];
    ASSERT_EQ(turn.parts.size(), 4u);
    EXPECT_EQ(turn.parts[0].reasoning.vendor, Vendor::anthropic);
    EXPECT_EQ(turn.parts[0].reasoning.signature, "EqQBCkYIBxgCKkA-anthropic-sig");
    EXPECT_EQ(turn.parts[0].reasoning.text, "I will list and read in parallel.");
    EXPECT_EQ(json_of(turn.parts[2].tool_call.arguments)["command"], "ls");
    // Several tool_result blocks in one user message.
    const Message& results = request.messages[2];
    ASSERT_EQ(results.parts.size(), 2u);
    EXPECT_EQ(results.parts[0].tool_result.content[0].text, "README.md\nsrc");
    EXPECT_EQ(results.parts[1].tool_result.content[0].text, "# Demo");
    ASSERT_EQ(request.tools.size(), 3u);
    EXPECT_EQ(request.tools[2].type, ToolType::hosted);
    EXPECT_EQ(request.tools[2].hosted_type, "web_search_20250305");
    EXPECT_TRUE(request.reasoning.enabled);
    EXPECT_EQ(request.reasoning.effort, "high");
    EXPECT_EQ(request.sampling.max_output_tokens, 64000);
    EXPECT_EQ(request.user, "user_abc_account_x_session_y");
}

// Claude Code 2.1 sends reminders as role "system" messages inside messages[]; other
// vendors get them as instructions (leading) or user text (later), never a rejected request.
TEST(MessagesRequest, SystemRoleMessagesInsideMessagesAreKept) {
    Request request = must_decode_request(Api::messages, R"({"model": "m", "max_tokens": 10,
        "messages": [{"role": "user", "content": "hi"},
                     {"role": "system", "content": "Reminder: be brief."},
                     {"role": "user", "content": "go"}]})");
    ASSERT_EQ(request.messages.size(), 3u);
    EXPECT_EQ(request.messages[1].role, Role::system);
    EXPECT_EQ(request.messages[1].parts[0].text, "Reminder: be brief.");
    EncodeReport report;
    const std::string chat = encode_request(Api::chat, request, report);
    EXPECT_NE(chat.find("Reminder: be brief."), std::string::npos);
}

TEST(MessagesRequest, ToolResultsOpenTheUserTurnAndMerge) {
    Request request;
    request.model = "claude";
    request.messages = {
        {Role::user, {text_part("go")}},
        {Role::assistant, {tool_call_part({"t1", "a", "{}"}), tool_call_part({"t2", "b", "{}"})}},
        {Role::user, {text_part("also"), tool_result_part({"t1", "", {{"one", {}}}})}},
        {Role::user, {tool_result_part({"t2", "", {{"two", {}}}, true})}},
    };
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    ASSERT_EQ(body["messages"].size(), 3u);
    const auto& content = body["messages"][2]["content"];
    ASSERT_EQ(content.size(), 3u);
    EXPECT_EQ(content[0]["type"], "tool_result");
    EXPECT_EQ(content[1]["type"], "text");
    EXPECT_EQ(content[2]["tool_use_id"], "t2");
    EXPECT_EQ(content[2]["is_error"], true);
}

TEST(MessagesRequest, ThinkingBudgetHasTheAnthropicMinimum) {
    Request request;
    request.model = "claude";
    request.messages = {{Role::user, {text_part("hi")}}};
    request.sampling.max_output_tokens = 4000;
    request.reasoning = {true, "", 200};
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    EXPECT_EQ(body["thinking"]["type"], "enabled");
    EXPECT_EQ(body["thinking"]["budget_tokens"], 1024);

    request.sampling.max_output_tokens = 1000;
    body = json_of(encode_request(Api::messages, request, report));
    EXPECT_FALSE(body.contains("thinking"));
    EXPECT_NE(report.dropped.back().find("below the 1024 budget"), std::string::npos);
}

TEST(MessagesRequest, AForcedToolTurnsThinkingOff) {
    Request request;
    request.model = "claude";
    request.messages = {{Role::user, {text_part("hi")}}};
    Tool tool;
    tool.name = "f";
    request.tools = {tool};
    request.tool_choice = {ToolChoiceMode::tool, "f"};
    request.reasoning = {true, "high", std::nullopt};
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    EXPECT_EQ(body["tool_choice"]["name"], "f");
    EXPECT_FALSE(body.contains("thinking"));
    ASSERT_EQ(report.dropped.size(), 1u);
    EXPECT_NE(report.dropped[0].find("forced tool"), std::string::npos);
}

TEST(MessagesRequest, ForeignReasoningIsStrippedAndThinkingTurnedOffForItsToolTurn) {
    Request request = must_decode_request(Api::responses, fixture("codex_request.json"));
    request.messages.resize(5);  // ends with the answer to exec_command
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    std::string text = body.dump();
    EXPECT_EQ(text.find("gAAAAABopenai-blob"), std::string::npos);
    EXPECT_FALSE(body.contains("thinking"));
    bool stripped = false;
    bool off = false;
    for (const std::string& line : report.dropped) {
        stripped =
            stripped || line.find("reasoning stripped: not Anthropic's own") != std::string::npos;
        off = off || line.find("thinking off") != std::string::npos;
    }
    EXPECT_TRUE(stripped);
    EXPECT_TRUE(off);
}

TEST(MessagesRequest, MalformedBodiesAreErrors) {
    for (const char* body : {"{}", R"({"messages":[{"role":"user"}]})",
                             R"({"messages":[{"role":"bot","content":"x"}]})",
                             R"({"messages":[{"role":"user","content":[{"type":"weird"}]}]})",
                             R"({"messages":[{"role":"user","content":[{"type":"image"}]}]})"}) {
        EXPECT_FALSE(decode_request(Api::messages, body).ok()) << body;
    }
    Result<Request> request = decode_request(
        Api::messages, R"({"messages":[{"role":"user","content":[{"type":"weird"}]}]})");
    EXPECT_EQ(request.error().message,
              "messages[0].content[0].type: unsupported block type \"weird\"");
}

}  // namespace
}  // namespace lifeline::translate
