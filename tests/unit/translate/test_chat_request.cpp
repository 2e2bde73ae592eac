#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::fixture;
using testing::json_of;
using testing::must_decode_request;

TEST(ChatRequest, DecodesToolTurnsAndImages) {
    Request request = must_decode_request(Api::chat, fixture("chat_request.json"));
    ASSERT_EQ(request.system.size(), 1u);
    ASSERT_EQ(request.messages.size(), 4u);
    EXPECT_EQ(request.messages[1].parts.size(), 2u);  // two parallel calls
    // Consecutive tool messages are one user turn of results.
    ASSERT_EQ(request.messages[2].parts.size(), 2u);
    EXPECT_EQ(request.messages[2].parts[1].tool_result.call_id, "call_2");
    const Part& image = request.messages[3].parts[1];
    EXPECT_EQ(image.type, PartType::image);
    EXPECT_EQ(image.image.media_type, "image/png");
    EXPECT_EQ(image.image.data, "iVBORw0KGgo=");
    EXPECT_EQ(request.sampling.max_output_tokens, 2048);
    EXPECT_EQ(request.sampling.stop, std::vector<std::string>{"END"});
}

TEST(ChatRequest, TextAfterAToolCallBecomesTheNextAssistantMessage) {
    Request request;
    request.model = "m";
    request.messages = {{Role::user, {text_part("q")}},
                        {Role::assistant,
                         {text_part("first"), tool_call_part({"c1", "f", "{}"}),
                          text_part("after the call"), tool_call_part({"c2", "g", "{}"})}}};
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::chat, request, report));
    const auto& messages = body["messages"];
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[1]["content"], "first");
    EXPECT_EQ(messages[1]["tool_calls"][0]["id"], "c1");
    EXPECT_EQ(messages[2]["content"], "after the call");
    EXPECT_EQ(messages[2]["tool_calls"][0]["id"], "c2");
}

TEST(ChatRequest, CustomToolsBecomeOneStringFunctions) {
    Request request = must_decode_request(Api::responses, fixture("codex_request.json"));
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::chat, request, report));
    const auto& tools = body["tools"];
    ASSERT_EQ(tools.size(), 3u);  // exec_command, apply_patch, mcp__docs__search
    EXPECT_EQ(tools[1]["function"]["name"], "apply_patch");
    EXPECT_EQ(tools[1]["function"]["parameters"]["required"][0], "input");
    EXPECT_NE(tools[1]["function"]["description"].get<std::string>().find("lark"),
              std::string::npos);
    // The custom call in history carries its string as {"input": ...}.
    bool found = false;
    for (const auto& message : body["messages"]) {
        if (!message.contains("tool_calls"))
            continue;
        for (const auto& call : message["tool_calls"]) {
            if (call["function"]["name"] != "apply_patch")
                continue;
            found = true;
            auto arguments = json_of(call["function"]["arguments"].get<std::string>());
            EXPECT_EQ(arguments["input"].get<std::string>().substr(0, 15), "*** Begin Patch");
        }
    }
    EXPECT_TRUE(found);
    int hosted = 0;
    for (const std::string& line : report.dropped)
        hosted += line.find("hosted tool") != std::string::npos ? 1 : 0;
    EXPECT_EQ(hosted, 2);  // web_search, tool_search
}

TEST(ChatRequest, MalformedBodiesAreErrors) {
    for (const char* body : {"{}", R"({"messages":{}})", R"({"messages":[{"role":"x"}]})",
                             R"({"messages":[{"role":"user","content":5}]})",
                             R"({"messages":[],"tools":[{"type":"retrieval"}]})"}) {
        EXPECT_FALSE(decode_request(Api::chat, body).ok()) << body;
    }
}

}  // namespace
}  // namespace lifeline::translate
