#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <lifeline/classify/wait_hint.hpp>

namespace lifeline {
namespace {

const SystemTime k_now = from_unix_ms(1'795'255'200'000);  // 2026-11-21T10:00:00Z

std::optional<int64_t> ms(std::optional<Duration> d) {
    return d ? std::optional<int64_t>(d->count()) : std::nullopt;
}

TEST(RetryAfter, SecondsAndHttpDatesRelativeToNow) {
    EXPECT_EQ(ms(parse_retry_after("120", k_now)), 120'000);
    EXPECT_EQ(ms(parse_retry_after(" 1.5 ", k_now)), 1'500);
    EXPECT_EQ(ms(parse_retry_after("0", k_now)), 0);
    EXPECT_EQ(ms(parse_retry_after("Sat, 21 Nov 2026 10:00:30 GMT", k_now)), 30'000);
    // A date in the past means "now", never a negative wait.
    EXPECT_EQ(ms(parse_retry_after("Sat, 21 Nov 2026 09:00:00 GMT", k_now)), 0);
}

TEST(RetryAfter, GarbageIsNoHint) {
    for (const char* bad : {"", "soon", "-5", "1e3", "12s", "Sat, 21 Foo 2026 10:00:30 GMT"}) {
        EXPECT_FALSE(parse_retry_after(bad, k_now)) << bad;
    }
}

TEST(RetryAfterMs, Milliseconds) {
    EXPECT_EQ(ms(parse_retry_after_ms("1500")), 1500);
    EXPECT_EQ(ms(parse_retry_after_ms("20.4")), 20);
    EXPECT_FALSE(parse_retry_after_ms("-1"));
    EXPECT_FALSE(parse_retry_after_ms("fast"));
}

TEST(RetryAfter, AbsurdValuesAreCappedAtOneDay) {
    EXPECT_EQ(ms(parse_retry_after("999999999999", k_now)), 86'400'000);
}

struct TextRow {
    const char* text;
    std::optional<int64_t> expected_ms;
};

class ResetDurationTable : public ::testing::TestWithParam<TextRow> {};
TEST_P(ResetDurationTable, ParsesOpenAiResetValues) {
    EXPECT_EQ(ms(parse_reset_duration(GetParam().text)), GetParam().expected_ms);
}
INSTANTIATE_TEST_SUITE_P(OpenAi, ResetDurationTable,
                         ::testing::Values(TextRow{"6m0s", 360'000}, TextRow{"1s", 1'000},
                                           TextRow{"20ms", 20}, TextRow{"2m59.56s", 179'560},
                                           TextRow{"0s", 0}, TextRow{"30", 30'000},
                                           TextRow{"1h2m", 3'720'000},
                                           TextRow{"soon", std::nullopt},
                                           TextRow{"", std::nullopt}));

class TryAgainTextTable : public ::testing::TestWithParam<TextRow> {};
TEST_P(TryAgainTextTable, FindsTheHintInProviderMessages) {
    EXPECT_EQ(ms(parse_try_again_text(GetParam().text)), GetParam().expected_ms) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(
    Messages, TryAgainTextTable,
    ::testing::Values(
        TextRow{"Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): "
                "Limit 30000, Used 29760, Requested 1397. Please try again in 11.054s. Visit "
                "https://platform.openai.com/account/rate-limits to learn more.",
                11'054},
        TextRow{"Rate limit reached. Please try again in 20ms.", 20},
        TextRow{"Try again in 6m0s", 360'000}, TextRow{"Please try again in 1m30s.", 90'000},
        TextRow{"Requests ... have exceeded call rate limit. Please retry after 6 seconds.", 6'000},
        TextRow{"Quota exceeded for metric ... limit: 0\nPlease retry in 20.04466179s.", 20'045},
        TextRow{"Too many requests, try again in 2 minutes", 120'000},
        TextRow{"Please retry after 1 second", 1'000},
        TextRow{"try again in a moment, or retry in 5s", 5'000},
        TextRow{"The engine is currently overloaded, please try again later", std::nullopt},
        TextRow{"Overloaded", std::nullopt}, TextRow{"", std::nullopt}));

TEST(WaitHintFromHeaders, RetryAfterMsBeatsRetryAfterBeatsResetHeaders) {
    const Headers all = {
        {"x-ratelimit-reset-requests", "9s"}, {"Retry-After", "2"}, {"retry-after-ms", "1500"}};
    EXPECT_EQ(ms(wait_hint_from_headers(all, k_now)), 1500);
    const Headers no_ms = {{"x-ratelimit-reset-requests", "9s"}, {"Retry-After", "2"}};
    EXPECT_EQ(ms(wait_hint_from_headers(no_ms, k_now)), 2000);
    const Headers bad_ms = {{"retry-after-ms", "n/a"}, {"retry-after", "3"}};
    EXPECT_EQ(ms(wait_hint_from_headers(bad_ms, k_now)), 3000);
}

TEST(WaitHintFromHeaders, OpenAiResetExhaustedDimensionWinsEvenWhenLonger) {
    const Headers headers = {{"x-ratelimit-remaining-requests", "499"},
                             {"x-ratelimit-reset-requests", "120ms"},
                             {"x-ratelimit-remaining-tokens", "0"},
                             {"x-ratelimit-reset-tokens", "6m0s"}};
    EXPECT_EQ(ms(wait_hint_from_headers(headers, k_now)), 360'000);
}

TEST(WaitHintFromHeaders, OpenAiBothExhaustedWaitsForTheLater) {
    const Headers headers = {{"x-ratelimit-remaining-requests", "0"},
                             {"x-ratelimit-reset-requests", "2m59.56s"},
                             {"x-ratelimit-remaining-tokens", "0"},
                             {"x-ratelimit-reset-tokens", "1s"}};
    EXPECT_EQ(ms(wait_hint_from_headers(headers, k_now)), 179'560);
}

TEST(WaitHintFromHeaders, OpenAiNoneExhaustedTakesSmallestNonZero) {
    const Headers headers = {{"x-ratelimit-remaining-requests", "3"},
                             {"x-ratelimit-reset-requests", "0s"},
                             {"x-ratelimit-remaining-tokens", "120"},
                             {"x-ratelimit-reset-tokens", "20ms"}};
    EXPECT_EQ(ms(wait_hint_from_headers(headers, k_now)), 20);
}

TEST(WaitHintFromHeaders, AnthropicResetTimesAreRelativeToNow) {
    const Headers headers = {{"anthropic-ratelimit-requests-remaining", "12"},
                             {"anthropic-ratelimit-requests-reset", "2026-11-21T10:00:05Z"},
                             {"anthropic-ratelimit-output-tokens-remaining", "0"},
                             {"anthropic-ratelimit-output-tokens-reset", "2026-11-21T10:00:59.5Z"}};
    EXPECT_EQ(ms(wait_hint_from_headers(headers, k_now)), 59'500);
}

TEST(WaitHintFromHeaders, NoHeadersNoHint) {
    EXPECT_FALSE(wait_hint_from_headers({{"content-type", "application/json"}}, k_now));
}

TEST(ChooseWaitHint, HeadersThenRetryInfoThenText) {
    const Headers headers = {{"retry-after", "4"}};
    const std::string text = "Please try again in 9s.";
    EXPECT_EQ(ms(choose_wait_hint(headers, k_now, Duration{30'000}, text)), 4000);
    EXPECT_EQ(ms(choose_wait_hint({}, k_now, Duration{30'000}, text)), 30'000);
    EXPECT_EQ(ms(choose_wait_hint({}, k_now, std::nullopt, text)), 9'000);
    EXPECT_FALSE(choose_wait_hint({}, k_now, std::nullopt, "Overloaded"));
}

}  // namespace
}  // namespace lifeline
