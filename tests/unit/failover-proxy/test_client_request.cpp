// ClientRequest (client_request.cpp): what the proxy reads from a client's model call before
// routing it: the model, the stream flag, the anthropic-beta list, the size estimate, and the
// 400s for bodies it cannot use.

#include <gtest/gtest.h>

#include "client_request.hpp"
#include "proxy_test_support.hpp"

namespace failover_proxy {
namespace {

using lifeline::ErrorCode;
using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;
using testing::json_of;
using testing::translate_fixture;

ClientRequest must_parse(const char* method_target, std::string body,
                         const lifeline::Headers& headers = {}) {
    const Endpoint endpoint = route_endpoint("POST", method_target);
    auto parsed = ClientRequest::parse(endpoint, std::move(body), headers);
    if (!parsed) {
        ADD_FAILURE() << method_target << ": " << parsed.error().message;
        return *ClientRequest::parse(route_endpoint("POST", "/v1/chat/completions"),
                                     R"({"model":"x"})", {});
    }
    return std::move(parsed).value();
}

lifeline::Error parse_error(const char* target, std::string body) {
    auto parsed = ClientRequest::parse(route_endpoint("POST", target), std::move(body), {});
    if (parsed) {
        ADD_FAILURE() << "parsed: " << body;
        return {};
    }
    return parsed.error();
}

TEST(ClientRequest, BodiesThatAreNotJsonObjectsAreInvalidInput) {
    for (const char* body : {"", "not json", "{\"model\":", "[]", "\"text\"", "42", "null"}) {
        const lifeline::Error error = parse_error("/v1/chat/completions", body);
        EXPECT_EQ(error.code, ErrorCode::invalid_input) << body;
        EXPECT_EQ(error.message, "the request body is not a JSON object") << body;
    }
    // Gemini names the model in the path, but the body must still be an object.
    EXPECT_EQ(parse_error("/v1beta/models/gem:generateContent", "[1]").code,
              ErrorCode::invalid_input);
}

TEST(ClientRequest, ABodyWithoutAModelIsInvalidInput) {
    for (const char* body : {R"({"messages":[]})", R"({"model":"","messages":[]})",
                             R"({"model":42})", R"({"model":null})", R"({"model":["a"]})"}) {
        for (const char* target : {"/v1/chat/completions", "/v1/responses", "/v1/messages",
                                   "/v1/messages/count_tokens"}) {
            const lifeline::Error error = parse_error(target, body);
            EXPECT_EQ(error.code, ErrorCode::invalid_input) << target << " " << body;
            EXPECT_NE(error.message.find("names no model"), std::string::npos) << error.message;
        }
    }
}

TEST(ClientRequest, ModelApiAndBodyAsSent) {
    const std::string body = translate_fixture("claude_code_request.json");
    const ClientRequest request = must_parse("/v1/messages?beta=true", body);
    EXPECT_EQ(request.api(), Api::messages);
    EXPECT_EQ(request.model(), "claude-sonnet-4-6");
    EXPECT_TRUE(request.stream());
    EXPECT_EQ(request.body(), body);
}

TEST(ClientRequest, StreamIsTrueOnlyForABooleanTrue) {
    EXPECT_TRUE(must_parse("/v1/chat/completions", R"({"model":"m","stream":true})").stream());
    EXPECT_FALSE(must_parse("/v1/chat/completions", R"({"model":"m","stream":false})").stream());
    EXPECT_FALSE(must_parse("/v1/chat/completions", R"({"model":"m"})").stream());
    EXPECT_FALSE(must_parse("/v1/chat/completions", R"({"model":"m","stream":"true"})").stream());
    EXPECT_FALSE(must_parse("/v1/responses", R"({"model":"m","stream":1})").stream());
}

TEST(ClientRequest, GeminiTakesModelAndStreamFromThePath) {
    const std::string body = translate_fixture("gemini_cli_request.json");
    const ClientRequest sse =
        must_parse("/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse", body);
    EXPECT_EQ(sse.api(), Api::gemini);
    EXPECT_EQ(sse.model(), "gemini-3-pro");
    EXPECT_TRUE(sse.stream());
    EXPECT_EQ(sse.gemini_framing(), GeminiFraming::sse);

    const ClientRequest array = must_parse("/v1beta/models/code:streamGenerateContent", body);
    EXPECT_EQ(array.model(), "code");
    EXPECT_TRUE(array.stream());
    EXPECT_EQ(array.gemini_framing(), GeminiFraming::json_array);

    // A "model" or "stream" in a Gemini body is not what the client called.
    const ClientRequest whole = must_parse("/v1beta/models/gem:generateContent",
                                           R"({"model":"other","stream":true,"contents":[]})");
    EXPECT_EQ(whole.model(), "gem");
    EXPECT_FALSE(whole.stream());
}

TEST(ClientRequest, AnthropicBetaAsSentOrEmpty) {
    const std::string body = R"({"model":"m","max_tokens":10,"messages":[]})";
    EXPECT_EQ(
        must_parse("/v1/messages", body,
                   {{"Anthropic-Beta", "interleaved-thinking-2025-05-14,claude-code-20250219"}})
            .anthropic_beta(),
        "interleaved-thinking-2025-05-14,claude-code-20250219");
    EXPECT_EQ(must_parse("/v1/messages", body).anthropic_beta(), "");
}

TEST(ClientRequest, EstimatedTokensAreAQuarterOfTheBodysCharacters) {
    const std::string small = R"({"model":"m"})";  // 13 characters
    EXPECT_EQ(must_parse("/v1/chat/completions", small).estimated_tokens(), 3);
    const std::string padding(4000, 'x');
    const std::string big = R"({"model":"m","input":")" + padding + R"("})";
    EXPECT_EQ(must_parse("/v1/responses", big).estimated_tokens(),
              static_cast<int64_t>(big.size() / 4));
    EXPECT_GE(must_parse("/v1/responses", big).estimated_tokens(), 1000);
}

TEST(ClientRequest, TheNeutralRequestIsDecodedOnceWithTheStreamFlag) {
    ClientRequest request = must_parse("/v1/responses", translate_fixture("codex_request.json"));
    auto neutral = request.neutral();
    ASSERT_TRUE(neutral.ok()) << neutral.error().message;
    EXPECT_EQ((*neutral)->model, "gpt-5.5");
    EXPECT_TRUE((*neutral)->stream);
    EXPECT_FALSE((*neutral)->messages.empty());
    // The web_search_call input item cannot go to another vendor: noted.
    EXPECT_FALSE(request.decode_notes().dropped.empty());
    auto again = request.neutral();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *neutral);
}

TEST(ClientRequest, ANeutralDecodeErrorIsReturned) {
    ClientRequest request = must_parse("/v1/chat/completions", R"({"model":"m","messages":"hi"})");
    auto neutral = request.neutral();
    ASSERT_FALSE(neutral.ok());
    EXPECT_NE(neutral.error().message.find("messages"), std::string::npos)
        << neutral.error().message;
}

TEST(ClientRequest, BodyForModelReplacesOnlyTheModel) {
    const std::string body = translate_fixture("chat_request.json");
    const ClientRequest request = must_parse("/v1/chat/completions", body);
    nlohmann::json expected = json_of(body);
    expected["model"] = "qwen3-coder";
    EXPECT_EQ(json_of(request.body_for_model("qwen3-coder")), expected);
}

TEST(ClientRequest, BodyForModelKeepsTheClientsKeyOrder) {
    // Key order is meaning for some upstreams: OpenAI's structured outputs produce the keys of
    // a JSON schema in the order written, so a pass-through must not sort them.
    const std::string body =
        R"({"model":"code","response_format":{"type":"json_schema","json_schema":{"name":"a",)"
        R"("schema":{"type":"object","properties":{"reasoning":{"type":"string"},)"
        R"("answer":{"type":"string"}},"required":["reasoning","answer"]}}},)"
        R"("messages":[{"role":"user","content":"hi"}]})";
    const ClientRequest request = must_parse("/v1/chat/completions", body);
    std::string expected = body;
    expected.replace(expected.find("\"code\""), 6, "\"qwen3-coder\"");
    EXPECT_EQ(request.body_for_model("qwen3-coder"), expected);
}

TEST(ClientRequest, BodyForModelLeavesAGeminiBodyAsSent) {
    const std::string body = translate_fixture("gemini_cli_request.json");
    const ClientRequest request = must_parse("/v1beta/models/code:generateContent", body);
    EXPECT_EQ(request.body_for_model("gemini-3-pro"), body);
}

}  // namespace
}  // namespace failover_proxy
