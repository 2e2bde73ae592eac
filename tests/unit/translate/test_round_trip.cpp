// decode(encode(x)) == x on the neutral model for requests and responses each API can
// represent, and the fields an API cannot carry are dropped (and reported), never garbled.

#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::json_of;

constexpr const char* k_schema = R"({"properties":{"a":{"type":"integer"}},"type":"object"})";

Tool function_tool(const std::string& name) {
    Tool tool;
    tool.name = name;
    tool.description = "does " + name;
    tool.parameters = k_schema;
    return tool;
}

ToolResult result(const std::string& id, const std::string& name, const std::string& text,
                  bool is_error = false) {
    return {id, name, {{text, std::nullopt}}, is_error, ToolKind::function};
}

// A conversation every API can carry: text, an image, two parallel calls and their results.
Request base_request() {
    Request request;
    request.model = "model-x";
    request.system = {"be brief"};
    Image image{"", "image/png", "iVBORw0KGgo="};
    request.messages = {
        {Role::user, {text_part("look"), image_part(image)}},
        {Role::assistant,
         {text_part("calling"), tool_call_part({"c1", "f", R"({"a":1})"}),
          tool_call_part({"c2", "g", R"({"a":2})"})}},
        {Role::user,
         {tool_result_part(result("c1", "", "r1")), tool_result_part(result("c2", "", "r2"))}},
        {Role::assistant, {text_part("done")}},
        {Role::user, {text_part("thanks")}},
    };
    request.tools = {function_tool("f"), function_tool("g")};
    request.tool_choice.mode = ToolChoiceMode::auto_;
    request.sampling.max_output_tokens = 4096;
    request.stream = true;
    return request;
}

Request round_trip(Api api, const Request& request) {
    EncodeReport report;
    std::string body = encode_request(api, request, report);
    EXPECT_TRUE(report.dropped.empty()) << to_string(api) << ": " << report.dropped[0];
    return testing::must_decode_request(api, body);
}

TEST(RoundTrip, ResponsesRequest) {
    Request x = base_request();
    x.messages[1].parts.insert(x.messages[1].parts.begin(),
                               reasoning_part({"plan", Vendor::openai, "enc", false, "rs_1"}));
    x.messages.push_back(
        {Role::assistant, {tool_call_part({"c3", "patch", "*** raw ***", ToolKind::custom})}});
    x.messages.push_back(
        {Role::user, {tool_result_part({"c3", "", {{"ok", {}}}, false, ToolKind::custom})}});
    Tool custom;
    custom.type = ToolType::custom;
    custom.name = "patch";
    custom.format = R"({"definition":"start: x","syntax":"lark","type":"grammar"})";
    x.tools.push_back(custom);
    Tool hosted;
    hosted.type = ToolType::hosted;
    hosted.name = hosted.hosted_type = "web_search";
    hosted.raw = R"({"type":"web_search"})";
    x.tools.push_back(hosted);
    x.parallel_tool_calls = true;
    x.sampling.temperature = 0.5;
    x.sampling.top_p = 0.9;
    x.reasoning = {true, "high", std::nullopt};
    x.cache_key = "session-1";
    x.user = "u1";
    EXPECT_EQ(round_trip(Api::responses, x), x);
}

TEST(RoundTrip, ChatRequest) {
    Request x = base_request();
    x.parallel_tool_calls = true;
    x.sampling.temperature = 0.5;
    x.sampling.stop = {"END"};
    x.reasoning = {true, "low", std::nullopt};
    x.cache_key = "session-1";
    x.user = "u1";
    EXPECT_EQ(round_trip(Api::chat, x), x);
}

TEST(RoundTrip, MessagesRequest) {
    Request x = base_request();
    x.system = {"one", "two"};
    x.messages[1].parts.insert(x.messages[1].parts.begin(),
                               {reasoning_part({"think", Vendor::anthropic, "sig", false, ""}),
                                reasoning_part({"", Vendor::anthropic, "redacted", true, ""})});
    x.messages[2].parts[1].tool_result.is_error = true;
    x.messages[0].parts.push_back(image_part({"https://x/y.png", "", ""}));
    Tool hosted;
    hosted.type = ToolType::hosted;
    hosted.name = "web_search";
    hosted.hosted_type = "web_search_20250305";
    hosted.raw = R"({"max_uses":5,"name":"web_search","type":"web_search_20250305"})";
    hosted.origin = Api::messages;
    x.tools.push_back(hosted);
    x.sampling.stop = {"END"};
    x.reasoning = {true, "", 2048};
    x.user = "u1";
    EXPECT_EQ(round_trip(Api::messages, x), x);
}

TEST(RoundTrip, GeminiRequest) {
    Request x = base_request();
    x.model.clear();  // Gemini carries the model in the URL
    x.stream = false;
    x.messages[1].parts.insert(x.messages[1].parts.begin() + 1,
                               reasoning_part({"thought", Vendor::gemini, "gsig", false, ""}));
    x.messages[2].parts[0].tool_result.name = "f";
    x.messages[2].parts[1].tool_result = result("c2", "g", "bad", true);
    Tool hosted;
    hosted.type = ToolType::hosted;
    hosted.name = hosted.hosted_type = "googleSearch";
    hosted.raw = R"({"googleSearch":{}})";
    hosted.origin = Api::gemini;
    x.tools.push_back(hosted);
    x.sampling.temperature = 0.5;
    x.sampling.top_p = 0.9;
    x.sampling.stop = {"END"};
    x.reasoning = {true, "", 4096};
    EXPECT_EQ(round_trip(Api::gemini, x), x);
}

// What each API cannot carry is left out and reported; everything else survives.
TEST(RoundTrip, UnrepresentableFieldsAreDroppedNotGarbled) {
    Request x = base_request();
    x.messages[1].parts.insert(x.messages[1].parts.begin(),
                               reasoning_part({"t", Vendor::anthropic, "asig", false, ""}));
    x.messages[1].parts.push_back(tool_call_part({"c9", "patch", "raw text", ToolKind::custom}));
    Tool hosted;
    hosted.type = ToolType::hosted;
    hosted.name = hosted.hosted_type = "web_search";
    hosted.raw = R"({"type":"web_search"})";
    x.tools.push_back(hosted);
    for (Api api : {Api::chat, Api::gemini}) {
        EncodeReport report;
        Request y = testing::must_decode_request(api, encode_request(api, x, report));
        EXPECT_GE(report.dropped.size(), 2u) << to_string(api);  // reasoning, hosted tool
        EXPECT_EQ(y.tools.size(), 2u) << to_string(api);
        const Message& turn = y.messages[1];
        ASSERT_EQ(turn.parts.size(), 4u) << to_string(api);
        EXPECT_EQ(turn.parts[0].text, "calling");
        // The custom call arrives as a function whose one argument is the intact string.
        EXPECT_EQ(turn.parts[3].tool_call.kind, ToolKind::function);
        EXPECT_EQ(json_of(turn.parts[3].tool_call.arguments)["input"], "raw text");
        for (Part& part : y.messages[2].parts)
            part.tool_result.name.clear();  // Gemini adds the called function's name
        EXPECT_EQ(y.messages[2], x.messages[2]) << to_string(api);
    }
}

TEST(RoundTrip, Responses) {
    Response x;
    x.id = "resp_1";
    x.model = "m";
    x.output = {reasoning_part({"why", Vendor::openai, "enc", false, "rs_9"}), text_part("hi"),
                tool_call_part({"c1", "f", R"({"a":1})"}),
                tool_call_part({"c2", "p", "raw", ToolKind::custom})};
    x.stop_reason = StopReason::tool_use;
    x.usage = {100, 20, 60, 0, 5};
    EXPECT_EQ(testing::must_decode_response(Api::responses, encode_response(Api::responses, x)), x);

    Response chat = x;
    chat.output = {text_part("hi"), tool_call_part({"c1", "f", R"({"a":1})"})};
    EXPECT_EQ(testing::must_decode_response(Api::chat, encode_response(Api::chat, chat)), chat);

    Response anthropic = chat;
    anthropic.output.insert(anthropic.output.begin(),
                            reasoning_part({"why", Vendor::anthropic, "sig", false, ""}));
    anthropic.usage = {100, 20, 60, 10, 0};
    EXPECT_EQ(
        testing::must_decode_response(Api::messages, encode_response(Api::messages, anthropic)),
        anthropic);

    Response gemini = chat;
    gemini.output.insert(gemini.output.begin() + 1,
                         reasoning_part({"why", Vendor::gemini, "gs", false, ""}));
    gemini.output[2].tool_call.id = "c1";
    gemini.usage = {100, 20, 60, 0, 5};
    EXPECT_EQ(testing::must_decode_response(Api::gemini, encode_response(Api::gemini, gemini)),
              gemini);
}

}  // namespace
}  // namespace lifeline::translate
