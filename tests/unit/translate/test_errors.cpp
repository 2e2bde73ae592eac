// The error table (errors.hpp): every class for every client, before output started (an HTTP
// answer) and after (an in-stream error the client's own decoder recognises).

#include <gtest/gtest.h>

#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/translate/errors.hpp>

#include "stream_test_support.hpp"

namespace lifeline::translate {
namespace {

using namespace testing;

std::string header(const RenderedError& error, const std::string& name) {
    for (const auto& [key, value] : error.headers)
        if (key == name)
            return value;
    return "";
}

TEST(Errors, EveryClassRendersInEveryClientsShape) {
    for (FailureClass failure_class : all_failure_classes()) {
        for (Api client : k_all_apis) {
            RenderedError error = render_error(client, failure_class, "upstream said no");
            std::string where = std::string(to_string(client)) + "/" + to_string(failure_class);
            EXPECT_GE(error.status, 400) << where;
            nlohmann::json body = json_of(error.body);
            ASSERT_TRUE(body.is_object()) << where;
            switch (client) {
                case Api::responses:
                case Api::chat:
                    EXPECT_TRUE(body["error"]["message"].is_string()) << where;
                    EXPECT_TRUE(body["error"]["type"].is_string()) << where;
                    break;
                case Api::messages:
                    EXPECT_EQ(body["type"], "error") << where;
                    EXPECT_TRUE(body["error"]["type"].is_string()) << where;
                    break;
                case Api::gemini:
                    EXPECT_EQ(body["error"]["code"], error.status) << where;
                    EXPECT_TRUE(body["error"]["status"].is_string()) << where;
                    break;
            }
            EXPECT_NE(body.dump().find("upstream said no"), std::string::npos) << where;
        }
    }
}

// lifeline's own classifier reads each rendered answer back as the class it came from, except
// where the table deliberately changes it for the client's sake.
TEST(Errors, RenderedErrorsClassifyBackToTheirClass) {
    for (FailureClass failure_class :
         {FailureClass::auth, FailureClass::rate_limited, FailureClass::quota_exhausted,
          FailureClass::overloaded, FailureClass::context_exceeded, FailureClass::model_not_found,
          FailureClass::bad_request, FailureClass::server_error}) {
        for (Api client : k_all_apis) {
            RenderedError error = render_error(client, failure_class, "upstream said no");
            HttpSignal signal;
            signal.status = error.status;
            signal.body = error.body;
            Classification verdict = classify_http_response(signal, SystemTime{});
            FailureClass expected = failure_class;
            if (client == Api::responses && failure_class == FailureClass::rate_limited)
                expected = FailureClass::overloaded;  // the retryable 503 Codex needs
            ASSERT_TRUE(verdict.failure_class.has_value());
            EXPECT_EQ(*verdict.failure_class, expected)
                << to_string(client) << "/" << to_string(failure_class) << " read back as "
                << to_string(*verdict.failure_class) << ": " << error.body;
        }
    }
}

TEST(Errors, ContextOverflowIsTheClientsOwnContextError) {
    auto responses =
        json_of(render_error(Api::responses, FailureClass::context_exceeded, "x").body);
    EXPECT_EQ(responses["error"]["code"], "context_length_exceeded");
    RenderedError anthropic = render_error(Api::messages, FailureClass::context_exceeded, "x");
    EXPECT_EQ(anthropic.status, 400);
    EXPECT_EQ(json_of(anthropic.body)["error"]["type"], "invalid_request_error");
    EXPECT_NE(anthropic.body.find("prompt is too long"), std::string::npos);
    RenderedError gemini = render_error(Api::gemini, FailureClass::context_exceeded, "x");
    EXPECT_EQ(json_of(gemini.body)["error"]["status"], "INVALID_ARGUMENT");
    EXPECT_NE(gemini.body.find("input token count exceeds"), std::string::npos);
}

TEST(Errors, RateLimitKeepsRetryAfterAndIsA503ForCodex) {
    RenderedError codex =
        render_error(Api::responses, FailureClass::rate_limited, "slow down", Duration(1500));
    EXPECT_EQ(codex.status, 503);
    EXPECT_EQ(header(codex, "retry-after"), "2");
    RenderedError chat = render_error(Api::chat, FailureClass::rate_limited, "", Duration(3000));
    EXPECT_EQ(chat.status, 429);
    EXPECT_EQ(header(chat, "retry-after"), "3");
    RenderedError claude = render_error(Api::messages, FailureClass::rate_limited, "", Duration(0));
    EXPECT_EQ(claude.status, 429);
    EXPECT_EQ(json_of(claude.body)["error"]["type"], "rate_limit_error");
    // A non-transient class never gets Retry-After.
    EXPECT_EQ(
        header(render_error(Api::chat, FailureClass::auth, "", Duration(5000)), "retry-after"), "");
}

TEST(Errors, AuthOverloadAndQuota) {
    for (Api client : k_all_apis)
        EXPECT_EQ(render_error(client, FailureClass::auth, "bad key").status, 401);
    RenderedError overloaded = render_error(Api::messages, FailureClass::overloaded, "busy");
    EXPECT_EQ(overloaded.status, 529);
    EXPECT_EQ(json_of(overloaded.body)["error"]["type"], "overloaded_error");
    auto quota = json_of(render_error(Api::responses, FailureClass::quota_exhausted, "").body);
    EXPECT_EQ(quota["error"]["code"], "insufficient_quota");  // Codex stops instead of looping
}

// After output started: each class becomes the client's in-stream error, which the client's
// decoder sees as an error (never a clean end).
TEST(Errors, InStreamAfterOutputStartedForEveryClientAndClass) {
    std::string upstream = fixture("messages_stream.sse");
    size_t first_text = upstream.find("text_delta");
    std::string head = upstream.substr(0, upstream.find("\n\n", first_text) + 2);
    for (FailureClass failure_class : all_failure_classes()) {
        for (Api client : k_all_apis) {
            std::string where = std::string(to_string(client)) + "/" + to_string(failure_class);
            StreamTranslator translator(Api::messages, client);
            std::string out;
            ASSERT_TRUE(translator.feed(head, out).ok());
            ASSERT_TRUE(translator.output_started()) << where;
            translator.fail(failure_class, "upstream went away", out);
            EXPECT_TRUE(translator.ended());
            Folded folded = fold(decode_stream(client, GeminiFraming::sse, out).events);
            EXPECT_EQ(gist(folded.response).text, "Hello, ") << where;
            ASSERT_TRUE(folded.error.has_value()) << where << "\n" << out;
            EXPECT_FALSE(folded.ended) << where;
            if (failure_class == FailureClass::context_exceeded) {
                EXPECT_EQ(*folded.error, FailureClass::context_exceeded) << where << out;
            }
            if (client == Api::messages && is_transient(failure_class) &&
                failure_class != FailureClass::rate_limited) {
                EXPECT_NE(out.find("overloaded_error"), std::string::npos) << where;
            }
        }
    }
}

TEST(Errors, BeforeOutputStartedTheStreamHasNotCommitted) {
    std::string upstream = fixture("messages_stream.sse");
    std::string head = upstream.substr(0, upstream.find("\n\n") + 2);  // message_start only
    for (Api client : k_all_apis) {
        StreamTranslator translator(Api::messages, client);
        std::string out;
        ASSERT_TRUE(translator.feed(head, out).ok());
        EXPECT_FALSE(translator.output_started()) << to_string(client);
        // The proxy answers with render_error instead; an in-stream error still works.
        translator.fail(FailureClass::overloaded, "busy", out);
        Folded folded = fold(decode_stream(client, GeminiFraming::sse, out).events);
        EXPECT_TRUE(folded.error.has_value()) << to_string(client) << out;
    }
}

}  // namespace
}  // namespace lifeline::translate
