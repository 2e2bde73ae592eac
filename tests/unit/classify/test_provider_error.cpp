#include <gtest/gtest.h>

#include <lifeline/classify/classification.hpp>
#include <lifeline/classify/provider_error.hpp>

namespace lifeline {
namespace {

TEST(ProviderError, NotAnErrorWhenNotJsonOrNoErrorObject) {
    EXPECT_FALSE(parse_provider_error(""));
    EXPECT_FALSE(parse_provider_error("<html><title>502 Bad Gateway</title></html>"));
    EXPECT_FALSE(parse_provider_error(R"({"id":"chatcmpl-1","choices":[]})"));
    EXPECT_FALSE(parse_provider_error(R"({"object":"response","error":null})"));
}

TEST(ProviderError, ReadsGeminiDetails) {
    const auto e = parse_provider_error(
        R"({"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_requests_per_model_per_day"},{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"},{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED"}]}})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->numeric_code, 429);
    EXPECT_EQ(e->status, "RESOURCE_EXHAUSTED");
    EXPECT_EQ(e->retry_delay, Duration{1500});
    ASSERT_EQ(e->quota_ids.size(), 2U);
    EXPECT_EQ(e->quota_ids[0],
              "generativelanguage.googleapis.com/generate_requests_per_model_per_day");
    EXPECT_EQ(e->quota_ids[1], "GenerateRequestsPerMinutePerProjectPerModel");
    EXPECT_EQ(e->info_reason, "RATE_LIMIT_EXCEEDED");
    EXPECT_EQ(e->best_code(), "RESOURCE_EXHAUSTED");
}

TEST(ProviderError, AzureStringStatusIsANumberNotAnId) {
    const auto e = parse_provider_error(
        R"({"error":{"code":"429","message":"Please retry after 6 seconds."}})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->numeric_code, 429);
    EXPECT_EQ(e->code, "");
    EXPECT_EQ(e->best_code(), "");
}

TEST(ProviderError, FollowsOpenRouterRawIntoTheUpstreamError) {
    const auto e = parse_provider_error(
        R"({"error":{"message":"Provider returned error","code":400,"metadata":{"raw":"{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: 100000 > 64000\"}}","provider_name":"Anthropic"}}})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->upstream_provider, "Anthropic");
    ASSERT_TRUE(e->upstream);
    EXPECT_EQ(e->upstream->type, "invalid_request_error");
    EXPECT_EQ(e->upstream->message, "max_tokens: 100000 > 64000");
    EXPECT_TRUE(e->upstream_text.empty());
}

TEST(ProviderError, SelfNestingRawStopsAtABoundedDepth) {
    std::string body = R"({"error":{"message":"leaf","code":500}})";
    for (int i = 0; i < 12; ++i) {
        std::string escaped;
        for (const char c : body) {
            if (c == '"' || c == '\\') {
                escaped += '\\';
            }
            escaped += c;
        }
        body = R"({"error":{"message":"wrap","code":502,"metadata":{"raw":")" + escaped + R"("}}})";
    }
    const auto e = parse_provider_error(body);
    ASSERT_TRUE(e);
    int depth = 0;
    for (const ProviderError* level = &*e; level->upstream; level = level->upstream.get()) {
        ++depth;
    }
    EXPECT_LE(depth, 3);
}

TEST(OneLineMessage, CollapsesWhitespaceAndCutsOnUtf8Boundaries) {
    EXPECT_EQ(one_line_message("  a\n\n b\t c  "), "a b c");
    EXPECT_EQ(one_line_message("abcdef", 3), "abc...");
    // "é" is two bytes; cutting after 'a' + half of it must drop the half.
    EXPECT_EQ(one_line_message("a\xc3\xa9zz", 2), "a...");
    EXPECT_EQ(one_line_message(""), "");
}

// read_body skips the JSON parse of a body that names no error; a name hidden behind \u
// escapes must still be found.
TEST(ProviderError, FindsAnErrorWhoseNameIsWrittenWithEscapes) {
    auto error =
        parse_provider_error(R"({"\u0065rror":{"message":"quota","type":"insufficient_quota"}})");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->type, "insufficient_quota");
    auto failed = parse_provider_error(R"({"type":"response.failed","response":{}})");
    EXPECT_TRUE(failed.has_value());
    EXPECT_FALSE(parse_provider_error(R"({"choices":[{"message":{"content":"fine"}}]})"));
}

}  // namespace
}  // namespace lifeline
