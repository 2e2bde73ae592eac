#include <gtest/gtest.h>

#include <lifeline/classify/rate_limits.hpp>

namespace lifeline {
namespace {

const SystemTime k_now = from_unix_ms(1'795'255'200'000);  // 2026-11-21T10:00:00Z

TEST(RateLimits, ReadsOpenAiHeaders) {
    const Headers headers = {
        {"x-ratelimit-limit-requests", "10000"},    {"x-ratelimit-limit-tokens", "30000000"},
        {"x-ratelimit-remaining-requests", "9999"}, {"x-ratelimit-remaining-tokens", "29999980"},
        {"x-ratelimit-reset-requests", "6ms"},      {"x-ratelimit-reset-tokens", "0s"}};
    const RateLimitInfo info = extract_rate_limits(headers, k_now);
    EXPECT_EQ(info.limit_requests, 10000);
    EXPECT_EQ(info.remaining_requests, 9999);
    EXPECT_EQ(info.limit_tokens, 30'000'000);
    EXPECT_EQ(info.remaining_tokens, 29'999'980);
    EXPECT_EQ(info.reset_requests, Duration{6});
    EXPECT_EQ(info.reset_tokens, Duration{0});
    EXPECT_EQ(info.reset, Duration{6});
    EXPECT_FALSE(info.empty());
}

TEST(RateLimits, ReadsAnthropicHeadersCaseInsensitively) {
    const Headers headers = {{"Anthropic-RateLimit-Requests-Limit", "50"},
                             {"anthropic-ratelimit-requests-remaining", "0"},
                             {"anthropic-ratelimit-requests-reset", "2026-11-21T10:00:20Z"},
                             {"anthropic-ratelimit-tokens-limit", "80000"},
                             {"anthropic-ratelimit-tokens-remaining", "76000"},
                             {"anthropic-ratelimit-tokens-reset", "2026-11-21T10:00:02Z"}};
    const RateLimitInfo info = extract_rate_limits(headers, k_now);
    EXPECT_EQ(info.limit_requests, 50);
    EXPECT_EQ(info.remaining_requests, 0);
    EXPECT_EQ(info.limit_tokens, 80000);
    EXPECT_EQ(info.remaining_tokens, 76000);
    EXPECT_EQ(info.reset_requests, Duration{20'000});
    EXPECT_EQ(info.reset_tokens, Duration{2'000});
    // Requests are exhausted: the later, exhausted reset is the one to wait for.
    EXPECT_EQ(info.reset, Duration{20'000});
}

TEST(RateLimits, AnthropicTokensFallBackToInputTokens) {
    const Headers headers = {{"anthropic-ratelimit-input-tokens-limit", "40000"},
                             {"anthropic-ratelimit-input-tokens-remaining", "39000"},
                             {"anthropic-ratelimit-input-tokens-reset", "2026-11-21T10:00:01Z"},
                             {"anthropic-ratelimit-output-tokens-limit", "8000"},
                             {"anthropic-ratelimit-output-tokens-remaining", "0"},
                             {"anthropic-ratelimit-output-tokens-reset", "2026-11-21T10:00:45Z"}};
    const RateLimitInfo info = extract_rate_limits(headers, k_now);
    EXPECT_EQ(info.limit_tokens, 40000);
    EXPECT_EQ(info.remaining_tokens, 39000);
    EXPECT_EQ(info.reset_tokens, Duration{1'000});
    EXPECT_EQ(info.reset, Duration{45'000});  // output tokens are exhausted
}

TEST(RateLimits, ReadsOpenRouterEpochMillisReset) {
    const Headers headers = {{"X-RateLimit-Limit", "20"},
                             {"X-RateLimit-Remaining", "0"},
                             {"X-RateLimit-Reset", "1795255260000"}};
    const RateLimitInfo info = extract_rate_limits(headers, k_now);
    EXPECT_EQ(info.limit_requests, 20);
    EXPECT_EQ(info.remaining_requests, 0);
    EXPECT_EQ(info.reset_requests, Duration{60'000});
    EXPECT_EQ(info.reset, Duration{60'000});
    EXPECT_FALSE(info.limit_tokens);
}

TEST(RateLimits, NoHeadersIsEmptyAndGarbageIsUnset) {
    EXPECT_TRUE(extract_rate_limits({{"content-type", "application/json"}}, k_now).empty());
    const RateLimitInfo info = extract_rate_limits({{"x-ratelimit-limit-requests", "lots"},
                                                    {"x-ratelimit-remaining-requests", "-3"},
                                                    {"x-ratelimit-reset-requests", "later"},
                                                    {"x-ratelimit-remaining-tokens", "17"}},
                                                   k_now);
    EXPECT_FALSE(info.limit_requests);
    EXPECT_FALSE(info.remaining_requests);
    EXPECT_FALSE(info.reset_requests);
    EXPECT_EQ(info.remaining_tokens, 17);
    EXPECT_FALSE(info.reset);
}

}  // namespace
}  // namespace lifeline
