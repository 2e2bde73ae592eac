// libcommon/src/probe/probe_plan.cpp + read_probe.cpp + stream_capture.cpp: every probe kind
// against every provider kind's request and answer shapes, and every way an answer fails.
#include <gtest/gtest.h>

#include <lifeline/probe/read_probe.hpp>

#include "fake_clock.hpp"
#include "fake_environment.hpp"
#include "probe_fixtures.hpp"

namespace probe_endpoint {
namespace {

using namespace lifeline::probe;  // what is tested lives in libcommon's probe module

using lifeline::FailureClass;
using lifeline::http::HttpResponse;
using lifeline::http::TransportError;
using lifeline::secret::Secret;
using lifeline::testing::FakeClock;

class ReadProbe : public ::testing::Test {
  protected:
    ReadProbe() {
        auto plan = select_targets(m_config, {}, lifeline::testing::FakeEnvironment{});
        m_targets = std::move(plan.value().targets);
    }

    PlannedProbe planned(const std::string& provider, ProbeKind kind) {
        for (const Target& target : m_targets) {
            if (target.name == provider) {
                ProbePlan plan = plan_probes(m_targets, {kind});
                for (const PlannedProbe& probe : plan.probes) {
                    if (probe.target == &target)
                        return probe;
                }
            }
        }
        ADD_FAILURE() << "no target " << provider;
        return {};
    }

    static HttpResponse answer(int status, std::string body, lifeline::http::Headers headers = {}) {
        HttpResponse response;
        response.status = status;
        response.body = std::move(body);
        response.headers = std::move(headers);
        response.timing = {1.5, 12.0, 30.0, 180.0, 200.0};
        return response;
    }

    // Feeds `body` to a capture in chunks of `chunk` bytes, one clock tick (10 ms) apart.
    ProbeResult streamed(const PlannedProbe& probe, const std::string& body, size_t chunk = 7) {
        m_capture = std::make_unique<StreamCapture>(probe.api, m_clock);
        bool aborted = false;
        for (size_t at = 0; at < body.size() && !aborted; at += chunk) {
            m_clock.advance(lifeline::Duration(10));
            aborted = !m_capture->on_chunk(std::string_view(body).substr(at, chunk));
        }
        if (aborted) {
            return read_probe(probe,
                              lifeline::fail(TransportError{
                                  TransportError::Kind::aborted, "aborted by callback", {}, 200}),
                              m_capture.get(), m_clock.now());
        }
        return read_probe(probe, answer(200, ""), m_capture.get(), m_clock.now());
    }

    lifeline::config::Config m_config = testing::fleet_config();
    std::vector<Target> m_targets;
    FakeClock m_clock;
    std::unique_ptr<StreamCapture> m_capture;
};

struct Shape {
    const char* provider;
    ProbeKind kind;
    const char* url;          // the request URL
    const char* auth_header;  // where the key goes
    const char* body;         // the provider's successful answer
    const char* message;      // what the result says
};

class EveryShape : public ReadProbe, public ::testing::WithParamInterface<Shape> {};

TEST_P(EveryShape, SendsTheKindsRequestAndReadsItsAnswer) {
    const Shape& shape = GetParam();
    const PlannedProbe probe = planned(shape.provider, shape.kind);
    const Secret key(std::string("test-key-value-0123456789"));
    const auto request = build_probe_request(probe, &key);
    EXPECT_EQ(request.url, shape.url);
    const auto header = lifeline::http::find_header(request.headers, shape.auth_header);
    ASSERT_TRUE(header.has_value()) << shape.auth_header;
    EXPECT_NE(header->find("test-key-value-0123456789"), std::string::npos);
    EXPECT_EQ(request.method, needs_model(shape.kind) ? "POST" : "GET");

    const ProbeResult result =
        shape.kind == ProbeKind::stream
            ? streamed(probe, shape.body)
            : read_probe(probe, answer(200, shape.body), nullptr, m_clock.now());
    EXPECT_EQ(result.class_id(), "ok") << result.message;
    EXPECT_EQ(result.health(), Health::healthy);
    EXPECT_EQ(result.message, shape.message);
    EXPECT_EQ(result.http_status, 200);
    ASSERT_TRUE(result.latency.has_value());
    EXPECT_EQ(result.provider, shape.provider);
    if (shape.kind == ProbeKind::stream) {
        ASSERT_TRUE(result.ttft_ms.has_value());
        EXPECT_GT(*result.ttft_ms, 0);
    } else {
        EXPECT_FALSE(result.ttft_ms.has_value());
    }
}

const Shape k_shapes[] = {
    {"openai", ProbeKind::auth, "https://api.openai.com/v1/models", "Authorization",
     testing::k_openai_models, "2 models listed"},
    {"azure", ProbeKind::auth,
     "https://myorg.openai.azure.com/openai/models?api-version=2025-04-01-preview", "api-key",
     testing::k_openai_models, "2 models listed"},
    {"anthropic", ProbeKind::auth, "https://api.anthropic.com/v1/models", "x-api-key",
     testing::k_anthropic_models, "1 models listed"},
    {"gemini", ProbeKind::auth, "https://generativelanguage.googleapis.com/v1beta/models",
     "x-goog-api-key", testing::k_gemini_models, "1 models listed"},
    {"openrouter", ProbeKind::auth, "https://openrouter.ai/api/v1/models", "Authorization",
     testing::k_openai_models, "2 models listed"},
    {"mistral", ProbeKind::auth, "https://api.mistral.ai/v1/models", "Authorization",
     testing::k_openai_models, "2 models listed"},

    {"openai", ProbeKind::generate, "https://api.openai.com/v1/responses", "Authorization",
     testing::k_responses_answer, "answered: router-ok"},
    {"azure", ProbeKind::generate,
     "https://myorg.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions"
     "?api-version=2025-04-01-preview",
     "api-key", testing::k_chat_answer, "answered: router-ok"},
    {"anthropic", ProbeKind::generate, "https://api.anthropic.com/v1/messages", "x-api-key",
     testing::k_anthropic_answer, "answered: router-ok"},
    {"gemini", ProbeKind::generate,
     "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-1-pro:generateContent",
     "x-goog-api-key", testing::k_gemini_answer, "answered: router-ok"},
    {"openrouter", ProbeKind::generate, "https://openrouter.ai/api/v1/chat/completions",
     "Authorization", testing::k_chat_answer, "answered: router-ok"},
    {"mistral", ProbeKind::generate, "https://api.mistral.ai/v1/chat/completions", "Authorization",
     testing::k_chat_answer, "answered: router-ok"},

    {"openai", ProbeKind::stream, "https://api.openai.com/v1/responses", "Authorization",
     testing::k_responses_stream, "streamed: router-ok"},
    {"azure", ProbeKind::stream,
     "https://myorg.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions"
     "?api-version=2025-04-01-preview",
     "api-key", testing::k_chat_stream, "streamed: router-ok"},
    {"anthropic", ProbeKind::stream, "https://api.anthropic.com/v1/messages", "x-api-key",
     testing::k_anthropic_stream, "streamed: router-ok"},
    {"gemini", ProbeKind::stream,
     "https://generativelanguage.googleapis.com/v1beta/models/"
     "gemini-3-1-pro:streamGenerateContent?alt=sse",
     "x-goog-api-key", testing::k_gemini_stream, "streamed: router-ok"},
    {"openrouter", ProbeKind::stream, "https://openrouter.ai/api/v1/chat/completions",
     "Authorization", testing::k_chat_stream, "streamed: router-ok"},
    {"mistral", ProbeKind::stream, "https://api.mistral.ai/v1/chat/completions", "Authorization",
     testing::k_chat_stream, "streamed: router-ok"},

    {"openai", ProbeKind::tools, "https://api.openai.com/v1/responses", "Authorization",
     testing::k_responses_tool_answer, "tool call record_probe_result({\"status\":\"ok\"})"},
    {"azure", ProbeKind::tools,
     "https://myorg.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions"
     "?api-version=2025-04-01-preview",
     "api-key", testing::k_chat_tool_answer, "tool call record_probe_result({\"status\":\"ok\"})"},
    {"anthropic", ProbeKind::tools, "https://api.anthropic.com/v1/messages", "x-api-key",
     testing::k_anthropic_tool_answer, "tool call record_probe_result({\"status\":\"ok\"})"},
    {"gemini", ProbeKind::tools,
     "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-1-pro:generateContent",
     "x-goog-api-key", testing::k_gemini_tool_answer,
     "tool call record_probe_result({\"status\":\"ok\"})"},
    {"openrouter", ProbeKind::tools, "https://openrouter.ai/api/v1/chat/completions",
     "Authorization", testing::k_chat_tool_answer,
     "tool call record_probe_result({\"status\":\"ok\"})"},

    {"openrouter", ProbeKind::key, "https://openrouter.ai/api/v1/key", "Authorization",
     testing::k_openrouter_key, "credit remaining 12.5 of 20.0"},
    {"openai", ProbeKind::key, "https://api.openai.com/v1/models", "Authorization",
     testing::k_openai_models, "no rate-limit headers sent"},
};

INSTANTIATE_TEST_SUITE_P(ProviderKinds, EveryShape, ::testing::ValuesIn(k_shapes),
                         [](const ::testing::TestParamInfo<Shape>& shape_info) {
                             return std::string(shape_info.param.provider) + "_" +
                                    to_string(shape_info.param.kind);
                         });

TEST_F(ReadProbe, ErrorBodiesAreClassifiedPerProvider) {
    struct Case {
        const char* provider;
        ProbeKind kind;
        int status;
        std::string body;
        FailureClass expected;
    };
    const Case cases[] = {
        {"openai", ProbeKind::auth, 401, testing::openai_invalid_key("sk-proj-****abcd"),
         FailureClass::auth},
        {"openai", ProbeKind::generate, 429, testing::k_openai_quota,
         FailureClass::quota_exhausted},
        {"openai", ProbeKind::generate, 429, testing::k_openai_rate_limited,
         FailureClass::rate_limited},
        {"anthropic", ProbeKind::generate, 529, testing::k_anthropic_overloaded,
         FailureClass::overloaded},
        {"anthropic", ProbeKind::auth, 401, testing::k_anthropic_auth, FailureClass::auth},
        {"gemini", ProbeKind::generate, 400, testing::k_gemini_region,
         FailureClass::region_blocked},
        {"gemini", ProbeKind::auth, 400, testing::k_gemini_key_invalid, FailureClass::auth},
        {"openrouter", ProbeKind::generate, 402, testing::k_openrouter_credits,
         FailureClass::quota_exhausted},
        {"azure", ProbeKind::generate, 404, testing::k_azure_deployment_missing,
         FailureClass::model_not_found},
        {"mistral", ProbeKind::auth, 502, "<html><body>502 Bad Gateway</body></html>",
         FailureClass::server_error},
    };
    for (const Case& c : cases) {
        const ProbeResult result = read_probe(planned(c.provider, c.kind), answer(c.status, c.body),
                                              nullptr, m_clock.now());
        EXPECT_EQ(result.failure, c.expected) << c.provider << " " << c.body;
        EXPECT_EQ(result.http_status, c.status);
        EXPECT_FALSE(result.message.empty());
    }
}

TEST_F(ReadProbe, RateLimitedIsDegradedWithTheWaitAndHeaders) {
    const ProbeResult result = read_probe(planned("openai", ProbeKind::generate),
                                          answer(429, testing::k_openai_rate_limited,
                                                 {{"x-ratelimit-limit-requests", "500"},
                                                  {"x-ratelimit-remaining-requests", "0"},
                                                  {"x-ratelimit-remaining-tokens", "29000"},
                                                  {"x-ratelimit-reset-requests", "120ms"},
                                                  {"retry-after-ms", "120"},
                                                  {"x-request-id", "req_7f3a"}}),
                                          nullptr, m_clock.now());
    EXPECT_EQ(result.failure, FailureClass::rate_limited);
    EXPECT_EQ(result.health(), Health::degraded);
    EXPECT_EQ(result.retry_after, lifeline::Duration(120));
    EXPECT_EQ(result.rate_limit_remaining, 0);
    EXPECT_EQ(result.rate_limit_remaining_tokens, 29000);
    EXPECT_EQ(result.request_id, "req_7f3a");
    EXPECT_EQ(result.provider_code, "rate_limit_exceeded");
}

TEST_F(ReadProbe, RequestIdFallsBackToHeadersThenTheBody) {
    EXPECT_EQ(find_request_id({{"request-id", "req_011CA"}}, "{}"), "req_011CA");
    EXPECT_EQ(find_request_id({}, testing::k_anthropic_overloaded), "req_011CSHoEeqs5C35K2UUqR7Fy");
    const ProbeResult result =
        read_probe(planned("anthropic", ProbeKind::generate),
                   answer(200, testing::k_anthropic_answer), nullptr, m_clock.now());
    EXPECT_EQ(result.request_id, "msg_01XFDUDYJgAACzvnptvVoYEL");
    EXPECT_TRUE(result.tokens_reported);
    EXPECT_EQ(result.estimated_tokens, 19);
}

TEST_F(ReadProbe, TransportErrorsMapToTheirClasses) {
    const std::pair<TransportError::Kind, FailureClass> cases[] = {
        {TransportError::Kind::dns, FailureClass::network},
        {TransportError::Kind::connect, FailureClass::network},
        {TransportError::Kind::tls, FailureClass::tls},
        {TransportError::Kind::timeout, FailureClass::timeout},
        {TransportError::Kind::reset, FailureClass::network},
    };
    for (const auto& [kind, expected] : cases) {
        TransportError error{kind,
                             "Failed to connect to 127.0.0.1 port 9: Connection refused",
                             {0.2, 0.0, 0.0, 0.0, 0.4},
                             0};
        const ProbeResult result = read_probe(planned("openai", ProbeKind::auth),
                                              lifeline::fail(error), nullptr, m_clock.now());
        EXPECT_EQ(result.failure, expected);
        EXPECT_EQ(result.http_status, 0);
        ASSERT_TRUE(result.latency.has_value());
        EXPECT_DOUBLE_EQ(result.latency->total_ms, 0.4);
        EXPECT_NE(result.message.find("Connection refused"), std::string::npos);
    }
}

TEST_F(ReadProbe, ABodyCutAfterA200IsABrokenStreamAndADeadlineSaysSo) {
    TransportError cut{
        TransportError::Kind::reset, "transfer closed with outstanding read data", {}, 200};
    EXPECT_EQ(read_probe(planned("openai", ProbeKind::generate), lifeline::fail(cut), nullptr,
                         m_clock.now())
                  .failure,
              FailureClass::stream_broken);
    TransportError timeout{
        TransportError::Kind::timeout, "Operation timed out after 2000 ms", {}, 0};
    const ProbeResult result = read_probe(planned("openai", ProbeKind::auth),
                                          lifeline::fail(timeout), nullptr, m_clock.now(), true);
    EXPECT_EQ(result.failure, FailureClass::timeout);
    EXPECT_EQ(result.message.rfind("overall deadline reached", 0), 0u) << result.message;
}

TEST_F(ReadProbe, AnAnswerThatIsNotJsonIsBrokenAndJsonOfAnotherShapeAServerError) {
    // Not JSON: broken, as run-with-failover and failover-proxy class it.
    const ProbeResult generate = read_probe(
        planned("openai", ProbeKind::generate),
        answer(200, R"({"id":"resp_1","output":[{"type":"mess)"), nullptr, m_clock.now());
    EXPECT_EQ(generate.failure, FailureClass::stream_broken);
    EXPECT_EQ(generate.message.rfind("malformed answer", 0), 0u) << generate.message;
    const ProbeResult shape =
        read_probe(planned("openai", ProbeKind::generate),
                   answer(200, R"({"id":"resp_1","output":7})"), nullptr, m_clock.now());
    EXPECT_EQ(shape.failure, FailureClass::server_error);
    const ProbeResult models =
        read_probe(planned("openai", ProbeKind::auth), answer(200, "<html>login</html>"), nullptr,
                   m_clock.now());
    EXPECT_EQ(models.failure, FailureClass::server_error);
    EXPECT_EQ(models.message.rfind("malformed models list", 0), 0u) << models.message;
}

TEST_F(ReadProbe, ATextAnswerToAToolProbeIsAFailure) {
    const ProbeResult result =
        read_probe(planned("azure", ProbeKind::tools), answer(200, testing::k_chat_answer), nullptr,
                   m_clock.now());
    EXPECT_EQ(result.failure, FailureClass::server_error);
    EXPECT_NE(result.message.find("no well-formed record_probe_result tool call; got text"),
              std::string::npos)
        << result.message;
    const std::string bad_arguments =
        R"({"id":"c","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"record_probe_result","arguments":"{\"status\": \"ok\""}}]},"finish_reason":"tool_calls"}]})";
    EXPECT_EQ(read_probe(planned("azure", ProbeKind::tools), answer(200, bad_arguments), nullptr,
                         m_clock.now())
                  .failure,
              FailureClass::server_error);
}

TEST_F(ReadProbe, OpenRouterKeyWithoutCreditIsQuotaExhausted) {
    const ProbeResult empty = read_probe(
        planned("openrouter", ProbeKind::key),
        answer(200, R"({"data":{"label":"x","limit":10,"usage":10,"limit_remaining":0}})"), nullptr,
        m_clock.now());
    EXPECT_EQ(empty.failure, FailureClass::quota_exhausted);
    EXPECT_EQ(empty.message, "no credit left of 10.0");
    const ProbeResult unlimited = read_probe(
        planned("openrouter", ProbeKind::key),
        answer(200, R"({"data":{"label":"x","limit":null,"usage":3,"limit_remaining":null}})"),
        nullptr, m_clock.now());
    EXPECT_TRUE(unlimited.credit_known);
    EXPECT_FALSE(unlimited.credit_remaining.has_value());
    EXPECT_EQ(unlimited.message, "credit unlimited");
}

TEST_F(ReadProbe, KeyProbeReadsRateLimitHeadersOfOtherKinds) {
    const ProbeResult result =
        read_probe(planned("anthropic", ProbeKind::key),
                   answer(200, testing::k_anthropic_models,
                          {{"anthropic-ratelimit-requests-limit", "50"},
                           {"anthropic-ratelimit-requests-remaining", "49"},
                           {"anthropic-ratelimit-requests-reset", "2026-11-21T10:00:30Z"}}),
                   nullptr, m_clock.now());
    EXPECT_EQ(result.class_id(), "ok");
    EXPECT_EQ(result.rate_limit_remaining, 49);
    EXPECT_EQ(result.message, "rate limit remaining: 49 requests");
    EXPECT_EQ(result.rate_limit_reset, lifeline::Duration(30'000));
}

TEST_F(ReadProbe, ErrorsInsideA200StreamAreClassifiedAndStopTheTransfer) {
    const ProbeResult chat =
        streamed(planned("openrouter", ProbeKind::stream), testing::k_chat_stream_error);
    EXPECT_NE(chat.failure, std::nullopt);
    EXPECT_TRUE(lifeline::is_transient(*chat.failure)) << chat.class_id();
    EXPECT_EQ(chat.http_status, 200);
    EXPECT_NE(chat.message.find("error inside the 200 stream"), std::string::npos);
    EXPECT_TRUE(chat.ttft_ms.has_value());  // "rou" arrived before the error

    const ProbeResult anthropic =
        streamed(planned("anthropic", ProbeKind::stream), testing::k_anthropic_stream_error);
    EXPECT_EQ(anthropic.failure, FailureClass::overloaded);
    EXPECT_FALSE(anthropic.ttft_ms.has_value());
}

TEST_F(ReadProbe, AStreamWithoutItsTerminalEventIsBroken) {
    const std::string cut = std::string(testing::k_anthropic_stream).substr(0, 700);
    const ProbeResult result = streamed(planned("anthropic", ProbeKind::stream), cut);
    EXPECT_EQ(result.failure, FailureClass::stream_broken);
    EXPECT_EQ(result.message, "stream ended before its terminal event");
    const ProbeResult empty = streamed(planned("mistral", ProbeKind::stream), "");
    EXPECT_EQ(empty.failure, FailureClass::stream_broken);
    EXPECT_EQ(empty.message, "empty stream");
}

TEST_F(ReadProbe, TtftIsTheTimeToTheFirstOutputNotToTheFirstByte) {
    // One event per chunk, 10 ms apart: role-only delta, then the text in the second.
    const std::string body = testing::k_chat_stream;
    m_capture =
        std::make_unique<StreamCapture>(lifeline::provider::WireApi::chat_completions, m_clock);
    size_t start = 0;
    while (start < body.size()) {
        const size_t end = body.find("\n\n", start) + 2;
        m_clock.advance(lifeline::Duration(10));
        ASSERT_TRUE(m_capture->on_chunk(std::string_view(body).substr(start, end - start)));
        start = end;
    }
    // First byte at t=10 (the role-only delta), first text at t=20; curl saw the first byte
    // 180 ms after the request started.
    EXPECT_EQ(m_capture->first_output_after_first_byte_ms(), 10.0);
    EXPECT_EQ(m_capture->ttft_ms(180.0), 190.0);
    const ProbeResult result = read_probe(planned("mistral", ProbeKind::stream), answer(200, ""),
                                          m_capture.get(), m_clock.now());
    EXPECT_EQ(result.ttft_ms, 190.0);
}

TEST_F(ReadProbe, ACorruptedEventBreaksTheStreamEvenWhenItCompletes) {
    std::string body = testing::k_chat_stream;
    body.insert(body.find("data: "
                          "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                          "\"choices\":[{\"index\":0,\"delta\":{\"content\""),
                "data: {\"id\":\"x\",\"choices\":[{\"d\"\n\n");
    const ProbeResult result = streamed(planned("openrouter", ProbeKind::stream), body);
    EXPECT_EQ(result.failure, FailureClass::stream_broken);
    EXPECT_EQ(result.message,
              "1 malformed stream event(s), first: {\"id\":\"x\",\"choices\":[{\"d\"");
}

TEST_F(ReadProbe, ANonSuccessStreamAnswerIsClassifiedFromItsBody) {
    m_capture =
        std::make_unique<StreamCapture>(lifeline::provider::WireApi::chat_completions, m_clock);
    const ProbeResult result =
        read_probe(planned("openai", ProbeKind::stream), answer(429, testing::k_openai_quota),
                   m_capture.get(), m_clock.now());
    EXPECT_EQ(result.failure, FailureClass::quota_exhausted);
}

TEST_F(ReadProbe, UnsentProbesCarryTheResolverMessage) {
    const ProbeResult result = unsent_probe(planned("openai", ProbeKind::generate),
                                            FailureClass::auth, "OPENAI_API_KEY is not set");
    EXPECT_EQ(result.failure, FailureClass::auth);
    EXPECT_FALSE(result.latency.has_value());
    EXPECT_EQ(result.model, "gpt-5.5");
    EXPECT_EQ(result.to_json()["latency_ms"], nullptr);
}

}  // namespace
}  // namespace probe_endpoint
