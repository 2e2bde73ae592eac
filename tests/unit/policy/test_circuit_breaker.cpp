#include <gtest/gtest.h>

#include <lifeline/policy/circuit_breaker.hpp>

#include "fake_clock.hpp"

namespace lifeline::policy {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class CircuitBreaker : public ::testing::Test {
  protected:
    // Every observation is placed at an explicit offset from the FakeClock's start.
    SystemTime at(Duration offset) const { return m_start + offset; }
    Observation ok(Duration offset) const { return Observation{at(offset), true, {}, {}}; }
    Observation failed(Duration offset, FailureClass c = FailureClass::server_error,
                       std::optional<Duration> retry_after = std::nullopt) const {
        return Observation{at(offset), false, c, retry_after};
    }
    CircuitStatus evaluate(const std::vector<Observation>& recent, Duration now) const {
        return evaluate_circuit(recent, m_config, at(now));
    }

    config::CircuitConfig m_config;  // 3 in a row, >50% over 60s with >=4 calls, 30s cooldown
    SystemTime m_start = lifeline::testing::FakeClock().now();
};

TEST_F(CircuitBreaker, NoHistoryIsClosed) {
    const CircuitStatus s = evaluate({}, seconds(0));
    EXPECT_EQ(s.state, CircuitState::closed);
    EXPECT_TRUE(s.allows_request());
    EXPECT_FALSE(s.opened_at);
}

TEST_F(CircuitBreaker, OpensAfterConsecutiveFailures) {
    m_config.failure_rate = 1.0;  // isolate the consecutive rule
    EXPECT_EQ(evaluate({failed(seconds(1)), failed(seconds(2))}, seconds(3)).state,
              CircuitState::closed);

    const CircuitStatus s =
        evaluate({failed(seconds(1)), failed(seconds(2)), failed(seconds(3))}, seconds(4));
    EXPECT_EQ(s.state, CircuitState::open);
    EXPECT_FALSE(s.allows_request());
    EXPECT_EQ(s.opened_at, at(seconds(3)));
    EXPECT_EQ(s.retry_at, at(seconds(33)));
    EXPECT_EQ(s.reason,
              "3 consecutive failures (last: server_error), open until 2026-11-21T10:00:33Z");
}

TEST_F(CircuitBreaker, ASuccessBreaksTheStreak) {
    m_config.failure_rate = 1.0;
    const CircuitStatus s = evaluate({failed(seconds(1)), failed(seconds(2)), ok(seconds(3)),
                                      failed(seconds(4)), failed(seconds(5))},
                                     seconds(6));
    EXPECT_EQ(s.state, CircuitState::closed);
}

TEST_F(CircuitBreaker, OpensOnFailureRateOverTheWindow) {
    const CircuitStatus s = evaluate({ok(seconds(1)), failed(seconds(10)), ok(seconds(20)),
                                      failed(seconds(30)), failed(seconds(40))},
                                     seconds(41));
    EXPECT_EQ(s.state, CircuitState::open);
    EXPECT_EQ(s.opened_at, at(seconds(40)));
    EXPECT_EQ(s.reason,
              "failure rate 60% > 50% over 1m0s (3/5 calls), open until 2026-11-21T10:01:10Z");
}

TEST_F(CircuitBreaker, FailureRateNeedsMinCalls) {
    const CircuitStatus s =
        evaluate({failed(seconds(1)), ok(seconds(2)), failed(seconds(3))}, seconds(4));
    EXPECT_EQ(s.state, CircuitState::closed);
}

TEST_F(CircuitBreaker, FailuresOutsideTheWindowDoNotCountTowardTheRate) {
    const CircuitStatus s =
        evaluate({failed(seconds(0)), failed(seconds(5)), ok(minutes(2)),
                  ok(minutes(2) + seconds(5)), failed(minutes(2) + seconds(10))},
                 minutes(3));
    EXPECT_EQ(s.state, CircuitState::closed);  // 1 of 3 calls in the last minute failed
}

TEST_F(CircuitBreaker, HalfOpenAfterTheCooldown) {
    const std::vector<Observation> recent = {failed(seconds(1)), failed(seconds(2)),
                                             failed(seconds(3))};
    EXPECT_EQ(evaluate(recent, seconds(32)).state, CircuitState::open);
    const CircuitStatus s = evaluate(recent, seconds(33));
    EXPECT_EQ(s.state, CircuitState::half_open);
    EXPECT_TRUE(s.allows_request());
    EXPECT_EQ(s.opened_at, at(seconds(3)));
}

TEST_F(CircuitBreaker, RetryAfterLongerThanCooldownKeepsItOpen) {
    // Anthropic 429 with "retry-after: 120".
    const std::vector<Observation> recent = {
        failed(seconds(1), FailureClass::rate_limited),
        failed(seconds(2), FailureClass::rate_limited),
        failed(seconds(3), FailureClass::rate_limited, seconds(120))};
    const CircuitStatus s = evaluate(recent, seconds(60));
    EXPECT_EQ(s.state, CircuitState::open);
    EXPECT_EQ(s.retry_at, at(seconds(123)));
    EXPECT_EQ(evaluate(recent, seconds(123)).state, CircuitState::half_open);
}

TEST_F(CircuitBreaker, RetryAfterShorterThanCooldownDoesNotShortenIt) {
    const CircuitStatus s = evaluate({failed(seconds(1)), failed(seconds(2)),
                                      failed(seconds(3), FailureClass::rate_limited, seconds(5))},
                                     seconds(10));
    EXPECT_EQ(s.retry_at, at(seconds(33)));
}

TEST_F(CircuitBreaker, SuccessfulTrialClosesAndForgetsOldFailures) {
    const CircuitStatus s = evaluate({failed(seconds(1)), failed(seconds(2)), failed(seconds(3)),
                                      ok(seconds(40)), failed(seconds(41))},
                                     seconds(42));
    EXPECT_EQ(s.state, CircuitState::closed);
    EXPECT_TRUE(s.allows_request());
}

TEST_F(CircuitBreaker, FailedTrialReopensFromTheTrial) {
    const CircuitStatus s = evaluate({failed(seconds(1)), failed(seconds(2)), failed(seconds(3)),
                                      failed(seconds(40), FailureClass::overloaded)},
                                     seconds(50));
    EXPECT_EQ(s.state, CircuitState::open);
    EXPECT_EQ(s.opened_at, at(seconds(40)));
    EXPECT_EQ(s.retry_at, at(seconds(70)));
    EXPECT_EQ(s.reason, "trial failed (overloaded), open until 2026-11-21T10:01:10Z");
}

TEST_F(CircuitBreaker, SuccessWhileOpenDoesNotCloseButALongerRetryAfterExtends) {
    const CircuitStatus s =
        evaluate({failed(seconds(1)), failed(seconds(2)), failed(seconds(3)), ok(seconds(10)),
                  failed(seconds(20), FailureClass::rate_limited, minutes(2))},
                 seconds(40));
    EXPECT_EQ(s.state, CircuitState::open);
    EXPECT_EQ(s.retry_at, at(seconds(140)));
}

TEST_F(CircuitBreaker, CallerSideFailuresNeverCountAgainstTheProvider) {
    const CircuitStatus s = evaluate(
        {failed(seconds(1), FailureClass::bad_request),
         failed(seconds(2), FailureClass::context_exceeded),
         failed(seconds(3), FailureClass::content_filtered),
         failed(seconds(4), FailureClass::task_failed),
         failed(seconds(5), FailureClass::budget_exceeded), failed(seconds(6)), failed(seconds(7))},
        seconds(8));
    EXPECT_EQ(s.state, CircuitState::closed);
}

TEST_F(CircuitBreaker, InputOrderDoesNotMatter) {
    const CircuitStatus s =
        evaluate({failed(seconds(3)), failed(seconds(1)), failed(seconds(2))}, seconds(4));
    EXPECT_EQ(s.state, CircuitState::open);
    EXPECT_EQ(s.opened_at, at(seconds(3)));
}

TEST_F(CircuitBreaker, ObservationsFromTheFutureAreIgnored) {
    const CircuitStatus s =
        evaluate({failed(seconds(1)), failed(seconds(2)), failed(seconds(30))}, seconds(10));
    EXPECT_EQ(s.state, CircuitState::closed);
}

TEST_F(CircuitBreaker, StateNamesAreStable) {
    EXPECT_STREQ(to_string(CircuitState::half_open), "half_open");
    EXPECT_STREQ(to_string(CircuitState::open), "open");
}

}  // namespace
}  // namespace lifeline::policy
