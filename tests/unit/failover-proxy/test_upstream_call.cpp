// One attempt's upstream request (upstream_call.cpp): which API reaches each provider kind, the
// body passed through or translated, URL and auth per kind, and which betas travel.

#include <gtest/gtest.h>

#include "proxy_test_support.hpp"
#include "upstream_call.hpp"

namespace failover_proxy {
namespace {

using lifeline::http::find_header;
using lifeline::translate::Api;
using testing::json_of;
using testing::translate_fixture;

const lifeline::config::Config& fleet() {
    static const lifeline::config::Config config = testing::load_config(testing::k_fleet_yaml);
    return config;
}

lifeline::routing::RouteCandidate candidate(std::string_view model) {
    return testing::candidate_for(fleet(), model);
}

const std::string k_chat_body =
    R"({"model":"code","messages":[{"role":"user","content":"Say hi"}],"temperature":0.2})";
const std::string k_chat_stream_body =
    R"({"model":"code","stream":true,"messages":[{"role":"user","content":"Say hi"}]})";
const std::string k_messages_body =
    R"({"model":"code","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Say hi"}]})";
const std::string k_responses_body = R"({"model":"code","input":"Say hi","store":false})";
const std::string k_gemini_body = R"({"contents":[{"role":"user","parts":[{"text":"Say hi"}]}]})";

ClientRequest client(const char* target, const std::string& body, lifeline::Headers headers = {}) {
    auto parsed = ClientRequest::parse(route_endpoint("POST", target), body, headers);
    if (!parsed) {
        ADD_FAILURE() << target << ": " << parsed.error().message;
        return *ClientRequest::parse(route_endpoint("POST", "/v1/chat/completions"),
                                     R"({"model":"x"})", {});
    }
    return std::move(parsed).value();
}

UpstreamCall must_build(ClientRequest& request, std::string_view model,
                        const lifeline::secret::Secret* credential = nullptr) {
    auto call = build_upstream_call(request, candidate(model), credential);
    if (!call) {
        ADD_FAILURE() << model << ": " << call.error().message;
        return {};
    }
    return std::move(call).value();
}

struct ApiCase {
    const char* model;
    Api client;
    Api upstream;
};

TEST(UpstreamApi, ResponsesCapabilityThenTheClientsOwnApiThenTheNativeOne) {
    const ApiCase cases[] = {
        // openai with the responses capability: always Responses.
        {"gpt-5.5", Api::chat, Api::responses},
        {"gpt-5.5", Api::messages, Api::responses},
        {"gpt-5.5", Api::gemini, Api::responses},
        {"gpt-5.5", Api::responses, Api::responses},
        // openai without it: the client's API when openai speaks it, else Chat.
        {"gpt-4.1", Api::chat, Api::chat},
        {"gpt-4.1", Api::responses, Api::responses},
        {"gpt-4.1", Api::messages, Api::chat},
        {"gpt-4.1", Api::gemini, Api::chat},
        // anthropic (and Anthropic-compatible servers) speak only Messages.
        {"claude", Api::messages, Api::messages},
        {"claude", Api::chat, Api::messages},
        {"claude", Api::responses, Api::messages},
        {"glm", Api::gemini, Api::messages},
        // gemini speaks only its own.
        {"gem", Api::gemini, Api::gemini},
        {"gem", Api::chat, Api::gemini},
        {"gem", Api::messages, Api::gemini},
        // openai-compatible: Chat and Responses as the client speaks; Responses when capable.
        {"qwen", Api::chat, Api::chat},
        {"qwen", Api::responses, Api::responses},
        {"qwen", Api::messages, Api::chat},
        {"qwen-resp", Api::chat, Api::responses},
        // azure and openrouter: Chat only, whatever the capability says.
        {"azure-gpt", Api::chat, Api::chat},
        {"azure-gpt", Api::responses, Api::chat},
        {"or-sonnet", Api::messages, Api::chat},
        {"or-sonnet", Api::responses, Api::chat},
    };
    for (const ApiCase& c : cases) {
        EXPECT_EQ(upstream_api(candidate(c.model), c.client), c.upstream)
            << c.model << " for a " << lifeline::translate::to_string(c.client) << " client";
    }
}

TEST(BetasForUpstream, AnthropicItselfGetsEveryBeta) {
    const auto& anthropic = *fleet().find_provider("anthropic");
    EXPECT_EQ(betas_for_upstream(anthropic, "claude-code-20250219,interleaved-thinking-2025-05-14"),
              "claude-code-20250219,interleaved-thinking-2025-05-14");
    EXPECT_EQ(betas_for_upstream(anthropic, ""), "");
}

TEST(BetasForUpstream, OtherServersGetOnlyThePortableBetas) {
    const auto& zai = *fleet().find_provider("zai");
    EXPECT_EQ(betas_for_upstream(zai,
                                 "claude-code-20250219, interleaved-thinking-2025-05-14,"
                                 "oauth-2025-04-20,fine-grained-tool-streaming-2025-05-14"),
              "interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14");
    EXPECT_EQ(betas_for_upstream(zai, "claude-code-20250219"), "");
    EXPECT_EQ(betas_for_upstream(zai, "prompt-caching-2024-07-31,context-1m-2025-08-07"),
              "prompt-caching-2024-07-31,context-1m-2025-08-07");
    EXPECT_EQ(betas_for_upstream(zai, ""), "");
}

TEST(BuildUpstreamCall, PassThroughReplacesOnlyTheModel) {
    ClientRequest request = client("/v1/chat/completions", k_chat_body);
    const UpstreamCall call = must_build(request, "qwen");
    EXPECT_TRUE(call.pass_through);
    EXPECT_EQ(call.api, Api::chat);
    nlohmann::json expected = json_of(k_chat_body);
    expected["model"] = "qwen3-coder";
    EXPECT_EQ(json_of(call.request.body), expected);
    EXPECT_TRUE(call.dropped.empty());
    EXPECT_TRUE(call.custom_tools.empty());
}

TEST(BuildUpstreamCall, PassThroughOfARealAgentRequestKeepsEverythingElse) {
    // Claude Code's request to a third-party Anthropic server: thinking signatures, cache
    // control and context management go up as the client sent them.
    const std::string body = translate_fixture("claude_code_request.json");
    ClientRequest request = client("/v1/messages?beta=true", body);
    const UpstreamCall call = must_build(request, "glm");
    EXPECT_TRUE(call.pass_through);
    nlohmann::json expected = json_of(body);
    expected["model"] = "glm-4.6";
    EXPECT_EQ(json_of(call.request.body), expected);
}

TEST(BuildUpstreamCall, AGeminiPassThroughSendsTheBodyUnchanged) {
    const std::string body = translate_fixture("gemini_cli_request.json");
    ClientRequest request = client("/v1beta/models/code:streamGenerateContent?alt=sse", body);
    const UpstreamCall call = must_build(request, "gem");
    EXPECT_TRUE(call.pass_through);
    EXPECT_EQ(call.request.body, body);
    EXPECT_EQ(call.request.url,
              "https://generativelanguage.googleapis.com/v1beta/models/"
              "gemini-3-pro:streamGenerateContent?alt=sse");
}

TEST(BuildUpstreamCall, AnotherApiGetsATranslatedBodyForTheUpstreamModel) {
    ClientRequest request = client("/v1/messages", k_messages_body);
    const UpstreamCall call = must_build(request, "gpt-5.5");
    EXPECT_FALSE(call.pass_through);
    EXPECT_EQ(call.api, Api::responses);
    const auto body = json_of(call.request.body);
    ASSERT_TRUE(body.is_object()) << call.request.body;
    EXPECT_EQ(body["model"], "gpt-5.5");
    EXPECT_EQ(body["stream"], true);
    EXPECT_TRUE(body.contains("input")) << call.request.body;
    EXPECT_FALSE(body.contains("messages")) << call.request.body;
    EXPECT_EQ(call.request.url, "https://api.openai.com/v1/responses");
}

TEST(BuildUpstreamCall, ChatToGeminiNamesTheModelInTheUrl) {
    ClientRequest request = client("/v1/chat/completions", k_chat_body);
    const UpstreamCall call = must_build(request, "gem");
    EXPECT_FALSE(call.pass_through);
    EXPECT_EQ(call.api, Api::gemini);
    EXPECT_EQ(
        call.request.url,
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro:generateContent");
    const auto body = json_of(call.request.body);
    ASSERT_TRUE(body.is_object()) << call.request.body;
    EXPECT_TRUE(body.contains("contents")) << call.request.body;
    EXPECT_FALSE(find_header(call.request.headers, "Accept").has_value());
}

TEST(BuildUpstreamCall, ResponsesToMessagesNotesDropsAndCustomTools) {
    ClientRequest request = client("/v1/responses", translate_fixture("codex_request.json"));
    const UpstreamCall call = must_build(request, "claude");
    EXPECT_EQ(call.api, Api::messages);
    EXPECT_FALSE(call.pass_through);
    EXPECT_EQ(call.custom_tools, std::vector<std::string>{"apply_patch"});
    EXPECT_FALSE(call.dropped.empty());  // web_search is OpenAI's hosted tool
    const auto body = json_of(call.request.body);
    ASSERT_TRUE(body.is_object());
    EXPECT_EQ(body["model"], "claude-sonnet-4-6");
}

TEST(BuildUpstreamCall, AResponsesUpstreamKeepsCustomToolsAsTheyAre) {
    ClientRequest request = client("/v1/responses", translate_fixture("codex_request.json"));
    const UpstreamCall call = must_build(request, "gpt-5.5");
    EXPECT_TRUE(call.pass_through);
    EXPECT_TRUE(call.custom_tools.empty());
}

TEST(BuildUpstreamCall, AnUndecodableBodyForTranslationIsAnError) {
    ClientRequest request = client("/v1/chat/completions", R"({"model":"code","messages":"hi"})");
    auto call = build_upstream_call(request, candidate("claude"), nullptr);
    ASSERT_FALSE(call.ok());
    // The same body passes through untouched to an upstream of its own API.
    auto same = build_upstream_call(request, candidate("qwen"), nullptr);
    ASSERT_TRUE(same.ok()) << same.error().message;
    EXPECT_TRUE(same->pass_through);
}

TEST(BuildUpstreamCall, UrlAndAuthPerProviderKind) {
    const lifeline::secret::Secret key{
        std::string_view("sk-test-abcdefghijklmnopqrstuvwxyz012345")};
    ClientRequest chat = client("/v1/chat/completions", k_chat_body);

    const UpstreamCall openai = must_build(chat, "gpt-4.1", &key);
    EXPECT_EQ(openai.request.method, "POST");
    EXPECT_EQ(openai.request.url, "https://api.openai.com/v1/chat/completions");
    EXPECT_EQ(find_header(openai.request.headers, "Authorization"),
              "Bearer sk-test-abcdefghijklmnopqrstuvwxyz012345");
    EXPECT_EQ(find_header(openai.request.headers, "Content-Type"), "application/json");

    const UpstreamCall anthropic = must_build(chat, "claude", &key);
    EXPECT_EQ(anthropic.request.url, "https://api.anthropic.com/v1/messages");
    EXPECT_EQ(find_header(anthropic.request.headers, "x-api-key"),
              "sk-test-abcdefghijklmnopqrstuvwxyz012345");
    EXPECT_EQ(find_header(anthropic.request.headers, "anthropic-version"), "2023-06-01");
    EXPECT_FALSE(find_header(anthropic.request.headers, "Authorization").has_value());

    const UpstreamCall third_party = must_build(chat, "glm", &key);
    EXPECT_EQ(third_party.request.url, "https://api.z.ai/api/anthropic/v1/messages");

    const UpstreamCall gemini = must_build(chat, "gem", &key);
    EXPECT_EQ(find_header(gemini.request.headers, "x-goog-api-key"),
              "sk-test-abcdefghijklmnopqrstuvwxyz012345");
    EXPECT_FALSE(find_header(gemini.request.headers, "Authorization").has_value());

    const UpstreamCall azure = must_build(chat, "azure-gpt", &key);
    EXPECT_EQ(azure.request.url,
              "https://acme.openai.azure.com/openai/deployments/gpt-5-5-prod/chat/completions"
              "?api-version=2025-04-01-preview");
    EXPECT_EQ(find_header(azure.request.headers, "api-key"),
              "sk-test-abcdefghijklmnopqrstuvwxyz012345");

    const UpstreamCall openrouter = must_build(chat, "or-sonnet", &key);
    EXPECT_EQ(openrouter.request.url, "https://openrouter.ai/api/v1/chat/completions");
    EXPECT_EQ(json_of(openrouter.request.body)["model"], "anthropic/claude-sonnet-4.6");
    EXPECT_EQ(find_header(openrouter.request.headers, "Authorization"),
              "Bearer sk-test-abcdefghijklmnopqrstuvwxyz012345");

    const UpstreamCall local = must_build(chat, "qwen", &key);
    EXPECT_EQ(local.request.url, "http://127.0.0.1:8000/v1/chat/completions");
}

TEST(BuildUpstreamCall, NoCredentialNoAuthHeader) {
    ClientRequest chat = client("/v1/chat/completions", k_chat_body);
    const UpstreamCall local = must_build(chat, "qwen");
    EXPECT_FALSE(find_header(local.request.headers, "Authorization").has_value());
    EXPECT_EQ(find_header(local.request.headers, "Content-Type"), "application/json");
    const UpstreamCall anthropic = must_build(chat, "claude");
    EXPECT_FALSE(find_header(anthropic.request.headers, "x-api-key").has_value());
    EXPECT_EQ(find_header(anthropic.request.headers, "anthropic-version"), "2023-06-01");
}

TEST(BuildUpstreamCall, StreamsAskForEventStreams) {
    ClientRequest stream = client("/v1/chat/completions", k_chat_stream_body);
    EXPECT_EQ(find_header(must_build(stream, "qwen").request.headers, "Accept"),
              "text/event-stream");
    EXPECT_EQ(find_header(must_build(stream, "claude").request.headers, "Accept"),
              "text/event-stream");
    const UpstreamCall gemini = must_build(stream, "gem");
    EXPECT_EQ(find_header(gemini.request.headers, "Accept"), "text/event-stream");
    EXPECT_EQ(gemini.request.url,
              "https://generativelanguage.googleapis.com/v1beta/models/"
              "gemini-3-pro:streamGenerateContent?alt=sse");

    ClientRequest whole = client("/v1/chat/completions", k_chat_body);
    EXPECT_FALSE(find_header(must_build(whole, "qwen").request.headers, "Accept").has_value());
}

TEST(BuildUpstreamCall, AnthropicBetaGoesOnlyToMessagesUpstreams) {
    const lifeline::Headers headers = {
        {"anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"}};
    ClientRequest request = client("/v1/messages?beta=true", k_messages_body, headers);

    EXPECT_EQ(find_header(must_build(request, "claude").request.headers, "anthropic-beta"),
              "claude-code-20250219,interleaved-thinking-2025-05-14");
    EXPECT_EQ(find_header(must_build(request, "glm").request.headers, "anthropic-beta"),
              "interleaved-thinking-2025-05-14");
    EXPECT_FALSE(
        find_header(must_build(request, "gpt-5.5").request.headers, "anthropic-beta").has_value());
    EXPECT_FALSE(
        find_header(must_build(request, "gem").request.headers, "anthropic-beta").has_value());
    EXPECT_FALSE(
        find_header(must_build(request, "qwen").request.headers, "anthropic-beta").has_value());

    // Only unportable betas for a third-party server: no header at all.
    ClientRequest code_only =
        client("/v1/messages", k_messages_body, {{"anthropic-beta", "claude-code-20250219"}});
    EXPECT_FALSE(
        find_header(must_build(code_only, "glm").request.headers, "anthropic-beta").has_value());
}

}  // namespace
}  // namespace failover_proxy
