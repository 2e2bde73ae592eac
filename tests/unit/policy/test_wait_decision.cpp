#include <limits>

#include <gtest/gtest.h>

#include <lifeline/policy/wait_decision.hpp>

#include "sequence_random.hpp"

namespace lifeline::policy {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr Duration k_plenty = minutes(30);

ClassAction rate_limited() {
    return resolve_class_action(FailureClass::rate_limited, config::RetryConfig{});
}

TEST(WaitDecision, HonoursAHintWithinMaxWaitExactly) {
    SeededRandom random(1);
    const WaitDecision d =
        decide_wait(rate_limited(), Duration{2'000}, config::BackoffConfig{}, 0, k_plenty, random);
    EXPECT_EQ(d.kind, WaitDecision::Kind::wait);
    EXPECT_EQ(d.source, WaitDecision::Source::hint);
    EXPECT_EQ(d.delay, Duration{2'000});
    EXPECT_EQ(d.reason, "Retry-After 2s <= max_wait 1m0s");
}

TEST(WaitDecision, HintIsNeverShortenedByJitterAndDrawsNoRandomness) {
    testing::SequenceRandom random({0});
    const WaitDecision d =
        decide_wait(rate_limited(), Duration{11'054}, config::BackoffConfig{}, 1, k_plenty, random);
    EXPECT_EQ(d.delay, Duration{11'054});
    EXPECT_EQ(random.draws(), 0U);
}

TEST(WaitDecision, HintOfZeroMeansRetryNow) {
    SeededRandom random(1);
    const WaitDecision d =
        decide_wait(rate_limited(), Duration{0}, config::BackoffConfig{}, 0, k_plenty, random);
    EXPECT_EQ(d.kind, WaitDecision::Kind::wait);
    EXPECT_EQ(d.delay, Duration{0});
}

TEST(WaitDecision, HintAboveMaxWaitSkipsToTheNextCandidate) {
    SeededRandom random(1);
    // OpenAI "x-ratelimit-reset-requests: 6m0s" on a daily-ish limit.
    const WaitDecision d =
        decide_wait(rate_limited(), minutes(6), config::BackoffConfig{}, 0, k_plenty, random);
    EXPECT_EQ(d.kind, WaitDecision::Kind::skip);
    EXPECT_EQ(d.reason, "Retry-After 6m0s > max_wait 1m0s");
}

TEST(WaitDecision, PerClassMaxWaitOverrideApplies) {
    config::RetryConfig retry;
    config::ClassRetryConfig rate;
    rate.max_wait = minutes(10);
    retry.classes[FailureClass::rate_limited] = rate;
    const ClassAction action = resolve_class_action(FailureClass::rate_limited, retry);
    SeededRandom random(1);
    const WaitDecision d =
        decide_wait(action, minutes(6), config::BackoffConfig{}, 0, k_plenty, random);
    EXPECT_EQ(d.kind, WaitDecision::Kind::wait);
    EXPECT_EQ(d.delay, minutes(6));
}

TEST(WaitDecision, HintThatWouldPassTheDeadlineSkips) {
    SeededRandom random(1);
    const WaitDecision d =
        decide_wait(rate_limited(), seconds(20), config::BackoffConfig{}, 0, seconds(15), random);
    EXPECT_EQ(d.kind, WaitDecision::Kind::skip);
    EXPECT_EQ(d.reason, "Retry-After 20s would pass the deadline (15s left)");
}

TEST(WaitDecision, WithoutHintUsesJitteredBackoffWithinItsCap) {
    config::BackoffConfig backoff;  // 1s, x2, max 30s
    SeededRandom random(3);
    for (int i = 0; i < 500; ++i) {
        const WaitDecision d =
            decide_wait(rate_limited(), std::nullopt, backoff, 1, k_plenty, random);
        ASSERT_EQ(d.kind, WaitDecision::Kind::wait);
        ASSERT_EQ(d.source, WaitDecision::Source::backoff);
        ASSERT_GE(d.delay, Duration{0});
        ASSERT_LE(d.delay, Duration{2'000});
    }
}

TEST(WaitDecision, BackoffIsCappedByMaxWait) {
    config::RetryConfig retry;
    retry.max_wait = seconds(5);
    const ClassAction action = resolve_class_action(FailureClass::server_error, retry);
    testing::SequenceRandom highest({std::numeric_limits<uint64_t>::max()});
    config::BackoffConfig backoff;
    const WaitDecision d = decide_wait(action, std::nullopt, backoff, 10, k_plenty, highest);
    EXPECT_EQ(d.delay, seconds(5));
}

TEST(WaitDecision, BackoffThatWouldPassTheDeadlineSkips) {
    testing::SequenceRandom highest({std::numeric_limits<uint64_t>::max()});
    const WaitDecision d = decide_wait(rate_limited(), std::nullopt, config::BackoffConfig{}, 3,
                                       seconds(4), highest);  // backoff 8s, 4s left
    EXPECT_EQ(d.kind, WaitDecision::Kind::skip);
    EXPECT_EQ(d.delay, seconds(8));
}

TEST(WaitDecision, NoTimeLeftNeverWaits) {
    SeededRandom random(1);
    const WaitDecision d =
        decide_wait(rate_limited(), Duration{0}, config::BackoffConfig{}, 0, Duration{0}, random);
    EXPECT_EQ(d.kind, WaitDecision::Kind::skip);
    EXPECT_EQ(d.reason, "deadline reached");
}

}  // namespace
}  // namespace lifeline::policy
