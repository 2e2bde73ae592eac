#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::fixture;
using testing::json_of;
using testing::must_decode_request;

TEST(ResponsesRequest, DecodesCodexRequest) {
    EncodeReport notes;
    Request request = must_decode_request(Api::responses, fixture("codex_request.json"), &notes);
    EXPECT_EQ(request.model, "gpt-5.5");
    ASSERT_EQ(request.system.size(), 1u);
    EXPECT_EQ(request.system[0], "You are Codex, a coding agent.");
    ASSERT_EQ(request.messages.size(), 9u);
    EXPECT_EQ(request.messages[0].role, Role::system);
    EXPECT_EQ(request.messages[2].parts[0].text, "Fix the failing test.");
    // reasoning + function_call merge into one assistant turn.
    const Message& turn = request.messages[3];
    ASSERT_EQ(turn.role, Role::assistant);
    ASSERT_EQ(turn.parts.size(), 2u);
    EXPECT_EQ(turn.parts[0].reasoning.vendor, Vendor::openai);
    EXPECT_EQ(turn.parts[0].reasoning.signature, "gAAAAABopenai-blob");
    EXPECT_EQ(turn.parts[0].reasoning.id, "rs_01");
    EXPECT_EQ(turn.parts[1].tool_call.name, "exec_command");
    EXPECT_EQ(request.messages[4].parts[0].tool_result.call_id, "call_a");
    const ToolCall& patch = request.messages[5].parts[0].tool_call;
    EXPECT_EQ(patch.kind, ToolKind::custom);
    EXPECT_EQ(patch.arguments.substr(0, 15), "*** Begin Patch");
    EXPECT_EQ(request.messages[6].parts[0].tool_result.kind, ToolKind::custom);
    EXPECT_EQ(request.messages[7].parts[0].text, "Patched.");
    EXPECT_EQ(request.messages[8].parts[0].text, "Thanks, now run it.");

    ASSERT_EQ(request.tools.size(), 5u);
    EXPECT_EQ(request.tools[0].type, ToolType::function);
    EXPECT_EQ(request.tools[1].type, ToolType::custom);
    EXPECT_NE(request.tools[1].format.find("lark"), std::string::npos);
    EXPECT_EQ(request.tools[2].hosted_type, "web_search");
    EXPECT_EQ(request.tools[3].hosted_type, "tool_search");
    EXPECT_EQ(request.tools[4].name, "mcp__docs__search");  // namespace flattened
    EXPECT_EQ(request.tool_choice.mode, ToolChoiceMode::auto_);
    EXPECT_EQ(request.parallel_tool_calls, true);
    EXPECT_TRUE(request.reasoning.enabled);
    EXPECT_EQ(request.reasoning.effort, "medium");
    EXPECT_TRUE(request.stream);
    EXPECT_EQ(request.cache_key, "019a-session");

    ASSERT_EQ(notes.dropped.size(), 2u);
    EXPECT_NE(notes.dropped[0].find("input[8]: item type \"web_search_call\" dropped"),
              std::string::npos);
    EXPECT_NE(notes.dropped[1].find("namespace \"mcp__docs\" flattened"), std::string::npos);
}

TEST(ResponsesRequest, UnknownItemTypeNamesTheField) {
    Result<Request> request = decode_request(
        Api::responses, R"({"model":"m","input":[{"type":"message","role":"user","content":"hi"},
        {"type":"message","role":"user","content":"x"},{"type":"message","role":"user",
        "content":"y"},{"type":"foo"}]})");
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(request.error().message, "input[3].type: unknown item type \"foo\"");
    EXPECT_EQ(request.error().key_path, "input[3].type");
}

TEST(ResponsesRequest, MalformedBodiesAreErrorsNotCrashes) {
    for (const char* body : {"", "{", "[]", "null", R"({"input":5})", R"({"input":[5]})",
                             R"({"input":[{"role":"robot","content":"x"}]})",
                             R"({"tools":{"a":1}})", R"({"input":[{"type":"message",
                             "role":"user","content":[{"type":"input_file"}]}]})"}) {
        Result<Request> request = decode_request(Api::responses, body);
        EXPECT_FALSE(request.ok()) << body;
    }
}

TEST(ResponsesRequest, LocalShellCallBecomesAFunctionCall) {
    Request request = must_decode_request(Api::responses, R"({"model":"m","input":[
        {"type":"local_shell_call","call_id":"c1","status":"completed",
         "action":{"type":"exec","command":["ls"]}},
        {"type":"local_shell_call_output","call_id":"c1","output":"a.txt"},
        {"type":"compaction","encrypted_content":"blob"}]})");
    ASSERT_EQ(request.messages.size(), 2u);
    EXPECT_EQ(request.messages[0].parts[0].tool_call.name, "local_shell");
    EXPECT_EQ(json_of(request.messages[0].parts[0].tool_call.arguments)["command"][0], "ls");
    EXPECT_EQ(request.messages[1].parts[0].tool_result.content[0].text, "a.txt");
}

TEST(ResponsesRequest, EncodesStatelessUpstreamRequest) {
    Request request = must_decode_request(Api::responses, fixture("codex_request.json"));
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::responses, request, report));
    EXPECT_EQ(body["store"], false);
    EXPECT_EQ(body["include"][0], "reasoning.encrypted_content");
    EXPECT_EQ(body["reasoning"]["effort"], "medium");
    // Its own hosted tools stay; the openai reasoning is replayed.
    EXPECT_EQ(body["tools"].size(), 5u);
    EXPECT_TRUE(report.dropped.empty()) << report.dropped[0];
    bool has_reasoning = false;
    for (const auto& item : body["input"])
        has_reasoning = has_reasoning || (item["type"] == "reasoning" &&
                                          item["encrypted_content"] == "gAAAAABopenai-blob");
    EXPECT_TRUE(has_reasoning);
}

}  // namespace
}  // namespace lifeline::translate
