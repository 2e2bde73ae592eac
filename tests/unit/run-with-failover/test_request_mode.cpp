// Request mode against a scripted transport: fallback before the first byte, stream_broken
// after it, the body passed through to stdout.

#include <gtest/gtest.h>

#include "chain_fixture.hpp"
#include "request_mode.hpp"
#include "test_context.hpp"

namespace run_with_failover {
namespace {

using lifeline::FailureClass;

const char* k_chat_ok =
    R"J({"id":"chatcmpl-1","object":"chat.completion","model":"m2","choices":[{"index":0,"message":{"role":"assistant","content":"router-ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})J";
const char* k_rate_limited =
    R"J({"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}})J";

struct RequestFixture : ::testing::Test {
    lifeline::testing::TestContext test;
    std::vector<lifeline::routing::RouteCandidate> chain = testing::two_candidates();
    lifeline::provider::CredentialResolver credentials{test.env, test.processes, test.clock};
    lifeline::secret::Redactor redactor;
    RequestSettings settings;

    RequestFixture() {
        test.env.set("PRIMARY_KEY", "sk-primary-0123456789abcdefghijklmnop");
        test.env.set("SECONDARY_KEY", "sk-secondary-0123456789abcdefghijklmn");
    }
    AttemptReport attempt(size_t candidate, bool stream = false) {
        settings.body = *parse_request_body(
            std::string(R"J({"model":"placeholder","messages":[{"role":"user","content":"hi"}])J") +
            (stream ? R"J(,"stream":true})J" : "}"));
        RequestExecutor executor(test.context, chain, settings, credentials, redactor);
        AttemptRequest request;
        request.candidate = candidate;
        return executor.run_attempt(request);
    }
};

TEST_F(RequestFixture, ARateLimitWritesNothingAndCarriesItsHint) {
    test.http.respond("/primary/chat/completions", 429, k_rate_limited,
                      {{"retry-after-ms", "1500"}});
    const AttemptReport report = attempt(0);
    EXPECT_EQ(report.outcome.failure_class, FailureClass::rate_limited);
    EXPECT_EQ(report.http_status, 429);
    EXPECT_EQ(report.outcome.wait_hint, lifeline::Duration{1500});
    EXPECT_EQ(test.out.str(), "");
}

TEST_F(RequestFixture, ASuccessWritesTheBodyWithTheCandidatesModelAndAuth) {
    test.http.respond("/secondary/chat/completions", 200, k_chat_ok);
    const AttemptReport report = attempt(1);
    EXPECT_TRUE(report.outcome.success);
    EXPECT_EQ(test.out.str(), k_chat_ok);
    ASSERT_TRUE(report.usage);
    EXPECT_EQ(report.usage->total_tokens(), 15);
    const auto& sent = test.http.requests().at(0);
    EXPECT_NE(sent.body.find(R"J("model":"m2")J"), std::string::npos);
    EXPECT_EQ(lifeline::http::find_header(sent.headers, "Authorization"),
              "Bearer sk-secondary-0123456789abcdefghijklmn");
}

TEST_F(RequestFixture, AStreamCutAfterTheFirstByteIsStreamBrokenAndCommitted) {
    test.http.on(
        "/primary/chat/completions",
        [](const lifeline::http::HttpRequest& request) -> lifeline::http::HttpResult {
            request.on_body_chunk(
                "data: "
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n");
            return lifeline::fail(lifeline::http::TransportError{
                lifeline::http::TransportError::Kind::reset, "connection reset by peer", {}, 200});
        });
    const AttemptReport report = attempt(0, true);
    EXPECT_EQ(report.outcome.failure_class, FailureClass::stream_broken);
    EXPECT_TRUE(report.outcome.committed);
    EXPECT_NE(test.out.str().find("Hel"), std::string::npos);
}

TEST_F(RequestFixture, AStreamThatStallsAfterTheFirstByteIsATimeoutAndCommitted) {
    test.http.on(
        "/primary/chat/completions",
        [](const lifeline::http::HttpRequest& request) -> lifeline::http::HttpResult {
            request.on_body_chunk(
                "data: "
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n");
            return lifeline::fail(lifeline::http::TransportError{
                lifeline::http::TransportError::Kind::timeout, "no bytes for 1000 ms", {}, 200});
        });
    const AttemptReport report = attempt(0, true);
    EXPECT_EQ(report.outcome.failure_class, FailureClass::timeout);
    EXPECT_TRUE(report.outcome.committed);
    EXPECT_NE(report.detail.find("stream stalled after output was written"), std::string::npos);
}

TEST_F(RequestFixture, AnErrorEventBeforeAnyOutputCanStillFallBack) {
    test.http.on("/primary/chat/completions",
                 [](const lifeline::http::HttpRequest& request) -> lifeline::http::HttpResult {
                     const bool go_on = request.on_body_chunk(
                         "data: {\"error\":{\"message\":\"The server is "
                         "overloaded\",\"type\":\"server_error\","
                         "\"code\":\"server_overloaded\"}}\n\n");
                     if (!go_on)
                         return lifeline::fail(lifeline::http::TransportError{
                             lifeline::http::TransportError::Kind::aborted, "aborted", {}, 200});
                     return lifeline::http::HttpResponse{200, {}, "", {}};
                 });
    const AttemptReport report = attempt(0, true);
    EXPECT_EQ(report.outcome.failure_class, FailureClass::overloaded);
    EXPECT_FALSE(report.outcome.committed);
    EXPECT_EQ(test.out.str(), "");
}

TEST_F(RequestFixture, ACompleteStreamIsPassedThrough) {
    const std::string sse =
        "data: "
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"router-ok\"}}]}\n\n"
        "data: "
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        "data: [DONE]\n\n";
    test.http.respond("/primary/chat/completions", 200, sse);
    const AttemptReport report = attempt(0, true);
    EXPECT_TRUE(report.outcome.success) << report.detail;
    EXPECT_EQ(test.out.str(), sse);
}

TEST_F(RequestFixture, A200WhoseBodyIsNotJsonIsStreamBrokenAndWritesNothing) {
    test.http.respond("/primary/chat/completions", 200,
                      R"J({"id":"chatcmpl-1","object":"chat.comp)J");
    const AttemptReport report = attempt(0);
    EXPECT_EQ(report.outcome.failure_class, FailureClass::stream_broken);
    EXPECT_FALSE(report.outcome.committed);  // nothing written: the next candidate may answer
    EXPECT_EQ(report.http_status, 200);
    EXPECT_EQ(test.out.str(), "");
}

TEST_F(RequestFixture, AnEventThatIsNotJsonBreaksTheStreamEvenAfterOutput) {
    test.http.on(
        "/primary/chat/completions",
        [](const lifeline::http::HttpRequest& request) -> lifeline::http::HttpResult {
            for (const char* chunk :
                 {"data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{"
                  "\"content\":\"Hel\"}}]}\n\n",
                  "data: {\"id\":\"x\",\"choices\":[{\"d\"\n\n", "data: [DONE]\n\n"}) {
                if (!request.on_body_chunk(chunk))
                    return lifeline::fail(lifeline::http::TransportError{
                        lifeline::http::TransportError::Kind::aborted, "aborted", {}, 200});
            }
            return lifeline::http::HttpResponse{200, {}, "", {}};
        });
    const AttemptReport report = attempt(0, true);
    EXPECT_EQ(report.outcome.failure_class, FailureClass::stream_broken) << report.detail;
    EXPECT_TRUE(report.outcome.committed);
    EXPECT_NE(test.out.str().find("Hel"), std::string::npos);
    EXPECT_EQ(test.out.str().find("[DONE]"), std::string::npos);
}

TEST(RequestApi, ProvidersServeTheirOwnApis) {
    auto anthropic = testing::route_candidate("anthropic", "claude", "K",
                                              lifeline::config::ProviderKind::anthropic);
    auto openai =
        testing::route_candidate("openai", "gpt", "K", lifeline::config::ProviderKind::openai);
    EXPECT_TRUE(
        provider_speaks(anthropic.provider, lifeline::provider::WireApi::anthropic_messages));
    EXPECT_FALSE(
        provider_speaks(anthropic.provider, lifeline::provider::WireApi::chat_completions));
    EXPECT_TRUE(provider_speaks(openai.provider, lifeline::provider::WireApi::responses));
    EXPECT_FALSE(parse_request_body("[1,2]"));
}

}  // namespace
}  // namespace run_with_failover
