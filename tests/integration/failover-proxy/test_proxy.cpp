// failover-proxy end to end: real proxy, real provider-sim upstreams on 127.0.0.1.

#include <gtest/gtest.h>
#include <signal.h>

#include "proxy_harness.hpp"

namespace proxy_it {
namespace {

using nlohmann::json;

// Four upstreams, one per wire API, each answering with its own name.
std::string fleet(const std::string& oa_rules = "[]", const std::string& an_rules = "[]") {
    return "version: 1\nproviders:\n"
           "  oa: {reply: \"Hello from oa.\", rules: " +
           oa_rules +
           "}\n"
           "  an: {reply: \"Hello from an.\", rules: " +
           an_rules +
           "}\n"
           "  ge: {reply: \"Hello from ge.\"}\n"
           "  cc: {reply: \"Hello from cc.\"}\n";
}

std::string config(const std::string& lanes) {
    return "version: 1\n"
           "providers:\n"
           "  oa: {kind: openai, base_url: \"{{url:oa}}/v1\", auth: {env: SIM_KEY}}\n"
           "  an: {kind: anthropic, base_url: \"{{url:an}}\", auth: {env: SIM_KEY}}\n"
           "  ge: {kind: gemini, base_url: \"{{url:ge}}/v1beta\", auth: {env: SIM_KEY}}\n"
           "  cc: {kind: openai-compatible, base_url: \"{{url:cc}}/v1\", auth: {env: SIM_KEY}}\n"
           "models:\n"
           "  gpt: {provider: oa, id: gpt-5.5, capabilities: [tools, streaming, responses]}\n"
           "  claude: {provider: an, id: claude-sonnet-4-6}\n"
           "  gem: {provider: ge, id: gemini-3-pro}\n"
           "  qwen: {provider: cc, id: qwen3-coder}\n"
           "lanes:\n" +
           lanes;
}

const char* k_chat = R"({"model":"code","messages":[{"role":"user","content":"Say hi"}]})";
const char* k_chat_stream =
    R"({"model":"code","stream":true,"messages":[{"role":"user","content":"Say hi"}]})";
const char* k_responses_stream = R"({"model":"code","stream":true,"input":"Say hi"})";
const char* k_messages =
    R"({"model":"code","max_tokens":100,"messages":[{"role":"user","content":"Say hi"}]})";
const char* k_gemini = R"({"contents":[{"role":"user","parts":[{"text":"Say hi"}]}]})";

TEST(FailoverProxy, ChatPassThroughWithoutTranslation) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/chat/completions", k_chat);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(json::parse(response.body)["choices"][0]["message"]["content"], "Hello from cc.");
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0]["lane"], "code");
    EXPECT_EQ(log[0]["attempts"][0]["upstream_api"], "chat");
    EXPECT_EQ(log[0]["outcome"], "ok");
}

TEST(FailoverProxy, ChatStreamPassesThroughAndEnds) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/chat/completions", k_chat_stream);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("data: [DONE]"), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("Hello"), std::string::npos);
}

TEST(FailoverProxy, ResponsesClientFailsOverFromRateLimitedOpenAIToAnthropic) {
    ProxyRig rig(fleet("[{fault: rate_limited, retry_after: 30s}]"),
                 config("  code: [gpt, claude]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/responses", k_responses_stream);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("response.completed"), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("from an."), std::string::npos) << response.body;
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_classes(log[0]), (std::vector<std::string>{"rate_limited", "ok"}));
    EXPECT_EQ(log[0]["attempts"][1]["upstream_api"], "messages");

    // The next request does not spend an attempt on the demoted candidate first.
    auto again = rig.post("/v1/responses", k_responses_stream);
    ASSERT_EQ(again.status, 200);
    log = rig.access_log();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(attempt_classes(log[1]), (std::vector<std::string>{"ok"}));
}

TEST(FailoverProxy, MessagesClientReachesAChatCompletionsUpstream) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/messages", k_messages, {{"anthropic-version", "2023-06-01"}});
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = json::parse(response.body);
    EXPECT_EQ(body["type"], "message");
    EXPECT_EQ(body["content"][0]["text"], "Hello from cc.");
}

TEST(FailoverProxy, GeminiClientStreamsFromAResponsesUpstream) {
    ProxyRig rig(fleet(), config("  code: [gpt]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1beta/models/code:streamGenerateContent?alt=sse", k_gemini);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("data: "), std::string::npos);
    EXPECT_NE(response.body.find("Hello"), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("finishReason"), std::string::npos) << response.body;
}

TEST(FailoverProxy, GeminiClientNonStreamFromAnthropic) {
    ProxyRig rig(fleet(), config("  code: [claude]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1beta/models/code:generateContent", k_gemini);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(json::parse(response.body)["candidates"][0]["content"]["parts"][0]["text"],
              "Hello from an.");
}

TEST(FailoverProxy, AStreamThatErrsBeforeContentFailsOver) {
    ProxyRig rig(fleet("[{fault: stream_error, cut_after: 1, class: overloaded}]"),
                 config("  code: [gpt, claude]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/responses", k_responses_stream);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("from an."), std::string::npos) << response.body;
    EXPECT_EQ(response.body.find("response.failed"), std::string::npos) << response.body;
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_classes(log[0]).back(), "ok");
    EXPECT_GE(log[0]["attempts"].size(), 2u);
}

TEST(FailoverProxy, AStreamCutAfterOutputEndsWithTheClientsErrorNotACleanEnd) {
    const std::string fleet_yaml =
        "version: 1\nproviders:\n"
        "  oa: {reply: \"one two three four five six seven eight nine ten eleven twelve\", "
        "rules: [{fault: stream_cut, cut_after: 6}]}\n"
        "  an: {}\n  ge: {}\n  cc: {}\n";
    ProxyRig rig(fleet_yaml, config("  code: [gpt, claude]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/responses", k_responses_stream);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.body.find("response.completed"), std::string::npos) << response.body;
    EXPECT_NE(response.body.find("response.failed"), std::string::npos) << response.body;
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0]["attempts"].size(), 1u);
    EXPECT_TRUE(log[0]["attempts"][0]["after_output"].get<bool>());
    EXPECT_EQ(log[0]["attempts"][0]["class"], "stream_broken") << log[0].dump();
    EXPECT_NE(log[0]["outcome"], "ok");
}

TEST(FailoverProxy, EveryCandidateRateLimitedReachesCodexAsARetryable503) {
    ProxyRig rig(fleet("[{fault: rate_limited, retry_after: 90s}]",
                       "[{fault: rate_limited, retry_after: 90s}]"),
                 config("  code: [gpt, claude]\n"));
    ASSERT_TRUE(rig.ready());
    auto responses = rig.post("/v1/responses", k_responses_stream);
    EXPECT_EQ(responses.status, 503) << responses.body;
    EXPECT_TRUE(responses.header("retry-after").has_value());
    auto messages = rig.post("/v1/messages", k_messages, {{"anthropic-version", "2023-06-01"}});
    EXPECT_EQ(messages.status, 429) << messages.body;
    EXPECT_EQ(json::parse(messages.body)["error"]["type"], "rate_limit_error");
}

TEST(FailoverProxy, FirstTokenDeadlineMovesToTheNextCandidate) {
    ProxyRig rig(fleet("[{fault: latency, delay: 5s}]"),
                 config("  code: {chain: [gpt, claude], first_token_timeout: 300ms}\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/responses", k_responses_stream);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("from an."), std::string::npos) << response.body;
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_classes(log[0]), (std::vector<std::string>{"timeout", "ok"}));
}

TEST(FailoverProxy, UnknownModelIs404InTheClientsShapeListingTheNames) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/messages", R"({"model":"nope","max_tokens":5,"messages":[]})");
    EXPECT_EQ(response.status, 404);
    const json body = json::parse(response.body);
    EXPECT_EQ(body["type"], "error");
    const std::string message = body["error"]["message"];
    EXPECT_NE(message.find("code"), std::string::npos) << message;
    EXPECT_NE(message.find("qwen"), std::string::npos) << message;
}

TEST(FailoverProxy, AliasesAndDefaultLaneCatchAgentsOwnModelNames) {
    ProxyRig rig(
        fleet(),
        config("  code: [qwen]\n  small: [claude]\n") +
            "aliases:\n  \"gemini-*-flash-lite*\": small\n  coding-agent-auto: {lane: code}\n"
            "default_lane: code\n");
    ASSERT_TRUE(rig.ready());
    auto routed = rig.post("/v1beta/models/gemini-3.5-flash-lite:generateContent", k_gemini);
    ASSERT_EQ(routed.status, 200) << routed.body;
    EXPECT_EQ(json::parse(routed.body)["candidates"][0]["content"]["parts"][0]["text"],
              "Hello from an.");
    auto fallback = rig.post("/v1/chat/completions",
                             R"({"model":"whatever","messages":[{"role":"user","content":"x"}]})");
    ASSERT_EQ(fallback.status, 200) << fallback.body;
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0]["lane"], "small");
    EXPECT_EQ(log[1]["lane"], "code");
}

TEST(FailoverProxy, RequestsWithoutTheTokenAreRefused) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    EXPECT_EQ(rig.post("/v1/chat/completions", k_chat, {}, false).status, 401);
    EXPECT_EQ(
        rig.post("/v1/chat/completions", k_chat, {{"Authorization", "Bearer wrong"}}, false).status,
        401);
    EXPECT_EQ(rig.post("/v1/messages", k_messages, {{"x-api-key", rig.token()}}, false).status,
              200);
    EXPECT_EQ(rig.get("/healthz", false).status, 200);
    EXPECT_EQ(rig.get("/v1/models", false).status, 401);
    EXPECT_EQ(json::parse(rig.sim_stats("cc")["requests"].dump()).is_null(), false);
}

TEST(FailoverProxy, BadJsonAndOversizedBodiesGetClientShapedErrors) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"), {"--max-body", "2000"});
    ASSERT_TRUE(rig.ready());
    auto bad = rig.post("/v1/chat/completions", "{not json");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(json::parse(bad.body)["error"]["type"], "invalid_request_error");
    auto big = rig.post("/v1/chat/completions",
                        std::string(R"({"model":"code","messages":[{"role":"user","content":")") +
                            std::string(5000, 'x') + "\"}]}");
    EXPECT_EQ(big.status, 413);
    EXPECT_NE(big.body.find("--max-body"), std::string::npos) << big.body;
}

TEST(FailoverProxy, ModelsListAndMetrics) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    auto models = rig.get("/v1/models");
    ASSERT_EQ(models.status, 200);
    EXPECT_EQ(json::parse(models.body)["data"][0]["id"], "code");
    ASSERT_EQ(rig.post("/v1/chat/completions", k_chat).status, 200);
    auto metrics = rig.get("/metrics", false);
    EXPECT_NE(
        metrics.body.find("lifeline_proxy_attempts_total{candidate=\"cc/qwen\",outcome=\"ok\"} 1"),
        std::string::npos)
        << metrics.body;
}

TEST(FailoverProxy, SigtermStopsCleanly) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    ASSERT_EQ(rig.post("/v1/chat/completions", k_chat).status, 200);
    EXPECT_EQ(rig.stop(SIGTERM), 0) << rig.stderr_text();
}

}  // namespace
}  // namespace proxy_it
