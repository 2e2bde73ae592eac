// What the encoders write is valid JSON whatever the strings hold (invalid UTF-8 becomes
// U+FFFD, control characters are escaped), numbers keep their value, and text the encoders
// splice as is (schemas, arguments, hosted tools) is spliced only when it is one JSON object.

#include <gtest/gtest.h>

#include <lifeline/translate/stream_translator.hpp>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::json_of;
using testing::k_all_apis;

const std::string k_awkward = std::string("quote \" backslash \\ tab \t nul ") + '\0' +
                              " bell \x07 bad \xC3\x28 cut \xE2\x82 end";

Request awkward_request() {
    Request request;
    request.model = "m";
    request.system = {k_awkward};
    request.messages = {{Role::user, {text_part(k_awkward)}}};
    request.sampling.temperature = 0.25;
    return request;
}

TEST(WrittenJson, AwkwardStringsStayValidJsonForEveryUpstream) {
    for (Api api : k_all_apis) {
        EncodeReport report;
        std::string body = encode_request(api, awkward_request(), report);
        nlohmann::json parsed = json_of(body);
        ASSERT_FALSE(parsed.is_discarded()) << to_string(api) << ": " << body;
        std::string text = parsed.dump();
        EXPECT_NE(text.find("quote \\\" backslash \\\\ tab \\t nul \\u0000 bell \\u0007 bad "),
                  std::string::npos)
            << to_string(api) << ": " << text;
        EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos) << to_string(api);
    }
}

TEST(WrittenJson, NumbersKeepTheirValue) {
    Request request = awkward_request();
    request.sampling.top_p = 0.1;
    request.sampling.max_output_tokens = 123456789012;
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    EXPECT_EQ(body["temperature"].get<double>(), 0.25);
    EXPECT_EQ(body["top_p"].get<double>(), 0.1);
    EXPECT_EQ(body["max_tokens"].get<int64_t>(), 123456789012);
}

TEST(WrittenJson, SplicedTextMustBeOneJsonObject) {
    Request request;
    request.model = "m";
    Tool good;
    good.name = "good";
    good.parameters = R"({"type": "object", "properties": {"x": {"type": "number"}}})";
    Tool not_object = good;
    not_object.name = "array";
    not_object.parameters = "[1, 2]";
    Tool truncated = good;
    truncated.name = "truncated";
    truncated.parameters = R"({"type": "object")";
    request.tools = {good, not_object, truncated};
    request.messages = {
        {Role::user, {text_part("go")}},
        {Role::assistant,
         {tool_call_part({"c1", "good", R"({"x": 1})"}),
          tool_call_part({"c2", "good", R"({"x": 1} trailing)"})}},
        {Role::user,
         {tool_result_part({"c1", "", {{"ok", {}}}}), tool_result_part({"c2", "", {{"ok", {}}}})}}};
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    ASSERT_FALSE(body.is_discarded());
    EXPECT_EQ(body["tools"][0]["input_schema"]["properties"]["x"]["type"], "number");
    nlohmann::json empty_schema = {{"type", "object"}, {"properties", nlohmann::json::object()}};
    EXPECT_EQ(body["tools"][1]["input_schema"], empty_schema);
    EXPECT_EQ(body["tools"][2]["input_schema"], empty_schema);
    const auto& calls = body["messages"][1]["content"];
    EXPECT_EQ(calls[0]["input"]["x"], 1);
    EXPECT_EQ(calls[1]["input"], nlohmann::json::object());
    ASSERT_EQ(report.dropped.size(), 1u);
    EXPECT_EQ(report.dropped[0],
              "messages[1].parts[1]: arguments are not a JSON object; sent as {}");
}

TEST(WrittenJson, StreamDeltasWithControlCharactersStayValidJson) {
    std::string upstream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\","
        "\"model\":\"c\",\"usage\":{\"input_tokens\":1}}}\n\n"
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        "\"delta\":{\"type\":\"text_delta\",\"text\":\"line\\nnext \\u0007\"}}\n\n";
    StreamTranslator translator(Api::messages, Api::responses);
    std::string out;
    ASSERT_TRUE(translator.feed(upstream, out).ok());
    size_t lines = 0;
    for (size_t pos = out.find("data: "); pos != std::string::npos;
         pos = out.find("data: ", pos + 1)) {
        std::string data = out.substr(pos + 6, out.find('\n', pos) - pos - 6);
        EXPECT_FALSE(json_of(data).is_discarded()) << data;
        ++lines;
    }
    EXPECT_GE(lines, 4u);
    EXPECT_NE(out.find(R"("delta":"line\nnext \u0007")"), std::string::npos) << out;
}

TEST(WrittenJson, SplicedToolTextFallsBackToAnEmptyObject) {
    Request request;
    request.model = "m";
    request.messages = {{Role::user, {text_part("go")}}};
    Tool custom;
    custom.type = ToolType::custom;
    custom.name = "patch";
    custom.format = R"({"type":"grammar","syntax":"lark","definition":"start: x"})";
    Tool bad_format = custom;
    bad_format.name = "bad";
    bad_format.format = "[1]";
    Tool hosted;
    hosted.type = ToolType::hosted;
    hosted.name = hosted.hosted_type = "web_search";
    hosted.raw = R"({"type": "web_search"})";
    Tool bad_hosted = hosted;
    bad_hosted.raw = R"({"type": )";
    request.tools = {custom, bad_format, hosted, bad_hosted};
    for (Api api : {Api::responses, Api::gemini}) {
        for (Tool& tool : request.tools)
            tool.origin = api;
        EncodeReport report;
        nlohmann::json body = json_of(encode_request(api, request, report));
        ASSERT_FALSE(body.is_discarded()) << to_string(api);
        const nlohmann::json& tools = body["tools"];
        if (api == Api::responses) {
            EXPECT_EQ(tools[0]["format"]["syntax"], "lark");
            EXPECT_EQ(tools[1]["format"], nlohmann::json::object());
            EXPECT_EQ(tools[2], nlohmann::json({{"type", "web_search"}}));
            EXPECT_EQ(tools[3], nlohmann::json::object());
        } else {
            EXPECT_EQ(tools[0]["functionDeclarations"].size(), 2u);
            EXPECT_EQ(tools[1], nlohmann::json({{"type", "web_search"}}));
            EXPECT_EQ(tools[2], nlohmann::json::object());
        }
        EXPECT_TRUE(report.dropped.empty()) << to_string(api);
    }
}

TEST(WrittenJson, GeminiTrailingSignatureAndEmptyTurns) {
    Request request;
    request.model = "m";
    Reasoning own{"thinking", Vendor::gemini, "SIG", false, ""};
    Reasoning foreign{"other", Vendor::anthropic, "x", false, ""};
    request.messages = {{Role::user, {text_part("hi")}},
                        {Role::assistant, {text_part("a"), reasoning_part(own)}},
                        {Role::user, {text_part("next")}},
                        {Role::assistant, {reasoning_part(foreign)}},
                        {Role::user, {text_part("q")}}};
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::gemini, request, report));
    ASSERT_FALSE(body.is_discarded());
    const nlohmann::json& contents = body["contents"];
    ASSERT_EQ(contents.size(), 4u);  // the stripped-only turn is left out
    nlohmann::json thought = {{"text", "thinking"}, {"thought", true}, {"thoughtSignature", "SIG"}};
    EXPECT_EQ(contents[1]["parts"], nlohmann::json::array({{{"text", "a"}}, thought}));
    EXPECT_FALSE(body.contains("generationConfig"));
    ASSERT_EQ(report.dropped.size(), 1u);
    EXPECT_EQ(report.dropped[0], "messages[3].parts[0]: reasoning stripped: not Gemini's own");
}

}  // namespace
}  // namespace lifeline::translate
