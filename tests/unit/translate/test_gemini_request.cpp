#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::fixture;
using testing::json_of;
using testing::must_decode_request;

TEST(GeminiRequest, DecodesGeminiCliRequest) {
    Request request = must_decode_request(Api::gemini, fixture("gemini_cli_request.json"));
    ASSERT_EQ(request.system.size(), 1u);
    ASSERT_EQ(request.messages.size(), 4u);
    const Message& turn = request.messages[2];
    ASSERT_EQ(turn.parts.size(), 2u);
    // The thought and the signature on the call become one reasoning part before the call.
    EXPECT_EQ(turn.parts[0].reasoning.text, "**Reading the file**");
    EXPECT_EQ(turn.parts[0].reasoning.vendor, Vendor::gemini);
    EXPECT_EQ(turn.parts[0].reasoning.signature, "CiQB0e2Kb-gemini-sig");
    const ToolCall& call = turn.parts[1].tool_call;
    EXPECT_EQ(call.id, "call_0");
    const ToolResult& result = request.messages[3].parts[0].tool_result;
    EXPECT_EQ(result.call_id, "call_0");  // paired with the call by name
    EXPECT_EQ(result.name, "read_file");
    EXPECT_EQ(result.content[0].text, "print('hi')");
    ASSERT_EQ(request.tools.size(), 3u);
    EXPECT_EQ(request.tools[2].hosted_type, "googleSearch");
    EXPECT_EQ(request.reasoning.budget_tokens, 8192);
    EXPECT_EQ(request.sampling.temperature, 0.0);
}

TEST(GeminiRequest, SignatureGoesBackOnTheCall) {
    Request request = must_decode_request(Api::gemini, fixture("gemini_cli_request.json"));
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::gemini, request, report));
    ASSERT_EQ(body["contents"].size(), 3u);  // the two leading user turns merge
    const auto& parts = body["contents"][1]["parts"];
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0]["thought"], true);
    EXPECT_EQ(parts[1]["thoughtSignature"], "CiQB0e2Kb-gemini-sig");
    EXPECT_EQ(parts[1]["functionCall"]["name"], "read_file");
    EXPECT_EQ(body["contents"][2]["parts"][0]["functionResponse"]["name"], "read_file");
    EXPECT_TRUE(report.dropped.empty()) << report.dropped[0];
}

TEST(GeminiRequest, ToolResultsFromOtherApisGetTheirFunctionName) {
    Request request = must_decode_request(Api::messages, fixture("claude_code_request.json"));
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::gemini, request, report));
    const auto& results = body["contents"].back()["parts"];
    EXPECT_EQ(results[0]["functionResponse"]["name"], "Bash");
    EXPECT_EQ(results[1]["functionResponse"]["name"], "Read");
    EXPECT_EQ(body.dump().find("anthropic-sig"), std::string::npos);
}

TEST(GeminiRequest, HostedToolsOfOtherApisAreDroppedAndReported) {
    for (const char* name : {"claude_code_request.json", "codex_request.json"}) {
        Api client = std::string(name).rfind("claude", 0) == 0 ? Api::messages : Api::responses;
        Request request = must_decode_request(client, fixture(name));
        for (Api upstream : {Api::gemini, Api::messages, Api::chat}) {
            if (upstream == client)
                continue;
            EncodeReport report;
            std::string body = encode_request(upstream, request, report);
            int hosted = 0;
            for (const std::string& line : report.dropped)
                hosted += line.find("hosted tool") != std::string::npos ? 1 : 0;
            EXPECT_EQ(hosted, client == Api::messages ? 1 : 2)
                << name << " -> " << to_string(upstream);
            EXPECT_EQ(body.find("web_search"), std::string::npos) << to_string(upstream);
        }
    }
}

TEST(GeminiRequest, MalformedBodiesAreErrors) {
    for (const char* body :
         {"{}", R"({"contents":[{"role":"user"}]})", R"({"contents":[{"role":"tool","parts":[]}]})",
          R"({"contents":[{"role":"user","parts":[{"mystery":1}]}]})"}) {
        EXPECT_FALSE(decode_request(Api::gemini, body).ok()) << body;
    }
}

}  // namespace
}  // namespace lifeline::translate
