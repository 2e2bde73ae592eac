// HealthBoard (health_board.cpp): demotion after rate limits and overloads, the local circuit,
// the state store's circuits, in-flight counts. Time is passed in: no clock is read.

#include <gtest/gtest.h>

#include "health_board.hpp"

namespace failover_proxy {
namespace {

using lifeline::Duration;
using lifeline::FailureClass;
using lifeline::SystemTime;
using lifeline::policy::CircuitState;

const SystemTime k_t0 = lifeline::from_unix_ms(1'795'255'200'000);  // 2026-11-21T10:00:00Z
const std::string k_label = "anthropic/claude";
const std::string k_other = "openai/gpt-5.5";

SystemTime at(int64_t ms) {
    return k_t0 + Duration{ms};
}

struct HealthBoardTest : ::testing::Test {
    lifeline::config::CircuitConfig circuit;  // the defaults: 3 in a row, 30 s cooldown
    HealthBoard board{circuit};

    void fail_times(const std::string& label, int count, FailureClass failure_class,
                    int64_t start_ms = 0) {
        for (int i = 0; i < count; ++i)
            board.record(label, failure_class, std::nullopt, at(start_ms + i * 100));
    }
};

TEST_F(HealthBoardTest, NothingKnownMeansHealthy) {
    EXPECT_FALSE(board.demoted(k_label, k_t0));
    EXPECT_EQ(board.skip_reason(k_label, k_t0), std::nullopt);
    EXPECT_EQ(board.in_flight(k_label), 0);
    EXPECT_TRUE(board.circuit_states(k_t0).empty());
}

TEST_F(HealthBoardTest, RateLimitedDemotesUntilItsRetryAfterHasPassed) {
    board.record(k_label, FailureClass::rate_limited, Duration{5'000}, at(0));
    EXPECT_TRUE(board.demoted(k_label, at(0)));
    EXPECT_TRUE(board.demoted(k_label, at(4'999)));
    EXPECT_FALSE(board.demoted(k_label, at(5'000)));
    EXPECT_FALSE(board.demoted(k_other, at(0)));
    // One rate limit demotes; it does not open the circuit.
    EXPECT_EQ(board.skip_reason(k_label, at(0)), std::nullopt);
}

TEST_F(HealthBoardTest, OverloadedWithoutRetryAfterDemotesForTheDefaultTenSeconds) {
    board.record(k_label, FailureClass::overloaded, std::nullopt, at(0));
    EXPECT_TRUE(board.demoted(k_label, at(9'999)));
    EXPECT_FALSE(board.demoted(k_label, at(10'000)));
}

TEST_F(HealthBoardTest, ALaterRateLimitMovesTheDemotionOn) {
    board.record(k_label, FailureClass::rate_limited, Duration{1'000}, at(0));
    board.record(k_label, FailureClass::rate_limited, Duration{1'000}, at(800));
    EXPECT_TRUE(board.demoted(k_label, at(1'500)));
    EXPECT_FALSE(board.demoted(k_label, at(1'800)));
}

TEST_F(HealthBoardTest, ASuccessClearsTheDemotion) {
    board.record(k_label, FailureClass::rate_limited, Duration{60'000}, at(0));
    ASSERT_TRUE(board.demoted(k_label, at(1'000)));
    board.record(k_label, std::nullopt, std::nullopt, at(1'000));
    EXPECT_FALSE(board.demoted(k_label, at(1'001)));
}

TEST_F(HealthBoardTest, OtherFailuresDoNotDemote) {
    for (FailureClass failure_class :
         {FailureClass::server_error, FailureClass::timeout, FailureClass::auth,
          FailureClass::stream_broken, FailureClass::bad_request}) {
        HealthBoard fresh{circuit};
        fresh.record(k_label, failure_class, Duration{5'000}, at(0));
        EXPECT_FALSE(fresh.demoted(k_label, at(1))) << lifeline::to_string(failure_class);
    }
}

TEST_F(HealthBoardTest, TheCircuitOpensAfterThreeConsecutiveFailures) {
    fail_times(k_label, 2, FailureClass::server_error);
    EXPECT_EQ(board.skip_reason(k_label, at(1'000)), std::nullopt);
    board.record(k_label, FailureClass::server_error, std::nullopt, at(200));
    const auto reason = board.skip_reason(k_label, at(1'000));
    ASSERT_TRUE(reason.has_value());
    EXPECT_EQ(reason->rfind("circuit open: ", 0), 0u) << *reason;
    EXPECT_NE(reason->find("3 consecutive failures (last: server_error)"), std::string::npos)
        << *reason;
    EXPECT_EQ(board.skip_reason(k_other, at(1'000)), std::nullopt);
    EXPECT_EQ(board.circuit_states(at(1'000)).at(k_label), static_cast<int>(CircuitState::open));
}

TEST_F(HealthBoardTest, TheOpenCircuitAllowsATrialAfterItsCooldown) {
    fail_times(k_label, 3, FailureClass::timeout);
    EXPECT_TRUE(board.skip_reason(k_label, at(200 + 29'999)).has_value());
    EXPECT_EQ(board.skip_reason(k_label, at(200 + 30'000)), std::nullopt);
    EXPECT_EQ(board.circuit_states(at(200 + 30'000)).at(k_label),
              static_cast<int>(CircuitState::half_open));
    // The trial succeeds: closed again.
    board.record(k_label, std::nullopt, std::nullopt, at(31'000));
    EXPECT_EQ(board.skip_reason(k_label, at(31'001)), std::nullopt);
    EXPECT_EQ(board.circuit_states(at(31'001)).at(k_label), static_cast<int>(CircuitState::closed));
}

TEST_F(HealthBoardTest, ASuccessInBetweenResetsTheCount) {
    // The second pair comes after the failure-rate window (60 s) so only the count can open it.
    fail_times(k_label, 2, FailureClass::server_error);
    board.record(k_label, std::nullopt, std::nullopt, at(200));
    fail_times(k_label, 2, FailureClass::server_error, 70'000);
    EXPECT_EQ(board.skip_reason(k_label, at(71'000)), std::nullopt);
    board.record(k_label, FailureClass::server_error, std::nullopt, at(70'200));
    EXPECT_TRUE(board.skip_reason(k_label, at(71'000)).has_value());
}

TEST_F(HealthBoardTest, TheConfiguredThresholdIsUsed) {
    lifeline::config::CircuitConfig strict;
    strict.consecutive_failures = 1;
    HealthBoard one{strict};
    one.record(k_label, FailureClass::network, std::nullopt, at(0));
    EXPECT_TRUE(one.skip_reason(k_label, at(1)).has_value());
}

TEST_F(HealthBoardTest, CallerSideFailuresNeverOpenTheCircuit) {
    fail_times(k_label, 10, FailureClass::bad_request);
    fail_times(k_label, 10, FailureClass::context_exceeded, 1'000);
    fail_times(k_label, 10, FailureClass::content_filtered, 2'000);
    EXPECT_EQ(board.skip_reason(k_label, at(5'000)), std::nullopt);
    EXPECT_FALSE(board.demoted(k_label, at(5'000)));
    EXPECT_EQ(board.circuit_states(at(5'000)).at(k_label), static_cast<int>(CircuitState::closed));
}

TEST_F(HealthBoardTest, AnOpenCircuitInTheStateStoreIsHonoured) {
    lifeline::routing::HealthMap store;
    store[k_label].circuit = CircuitState::open;
    store[k_label].circuit_reason = "3 consecutive failures (last: overloaded)";
    store[k_other].circuit = CircuitState::closed;
    board.update_from_store(store);

    const auto reason = board.skip_reason(k_label, k_t0);
    ASSERT_TRUE(reason.has_value());
    EXPECT_EQ(*reason, "circuit open: 3 consecutive failures (last: overloaded)");
    EXPECT_EQ(board.skip_reason(k_other, k_t0), std::nullopt);
    const auto states = board.circuit_states(k_t0);
    EXPECT_EQ(states.at(k_label), static_cast<int>(CircuitState::open));
    EXPECT_EQ(states.at(k_other), static_cast<int>(CircuitState::closed));

    // The next refresh replaces what the store said.
    board.update_from_store({});
    EXPECT_EQ(board.skip_reason(k_label, k_t0), std::nullopt);
}

// The rules pick-provider applies: a last probe or request that failed as auth, quota or
// region would fail the same way again.
TEST_F(HealthBoardTest, ALastProbeThatDisqualifiesInTheStoreSkipsTheCandidate) {
    lifeline::routing::HealthMap store;
    store[k_label].last_class = lifeline::FailureClass::region_blocked;
    store[k_label].source = "state";
    store[k_other].last_class = lifeline::FailureClass::rate_limited;
    board.update_from_store(store);
    const auto reason = board.skip_reason(k_label, k_t0);
    ASSERT_TRUE(reason.has_value());
    EXPECT_EQ(*reason, "last probe: region_blocked (state)");
    EXPECT_EQ(board.skip_reason(k_other, k_t0), std::nullopt);
    // What a client hears when nothing is left: that class, not a generic overload.
    EXPECT_EQ(board.skip_class(k_label), lifeline::FailureClass::region_blocked);
    EXPECT_EQ(board.skip_class(k_other), lifeline::FailureClass::overloaded);
}

TEST_F(HealthBoardTest, TheStoresOpenCircuitHoldsEvenAfterALocalSuccess) {
    lifeline::routing::HealthMap store;
    store[k_label].circuit = CircuitState::open;
    store[k_label].circuit_reason = "failure rate 80% > 50%";
    board.update_from_store(store);
    board.record(k_label, std::nullopt, std::nullopt, k_t0);
    EXPECT_TRUE(board.skip_reason(k_label, k_t0).has_value());
}

TEST_F(HealthBoardTest, ALocalOpenCircuitWinsOverAClosedStoreOne) {
    lifeline::routing::HealthMap store;
    store[k_label].circuit = CircuitState::closed;
    board.update_from_store(store);
    fail_times(k_label, 3, FailureClass::server_error);
    const auto reason = board.skip_reason(k_label, at(1'000));
    ASSERT_TRUE(reason.has_value());
    EXPECT_EQ(reason->rfind("circuit open: ", 0), 0u) << *reason;
    EXPECT_EQ(board.circuit_states(at(1'000)).at(k_label), static_cast<int>(CircuitState::open));
}

TEST_F(HealthBoardTest, InFlightCountsPerCandidate) {
    board.begin(k_label);
    board.begin(k_label);
    board.begin(k_other);
    EXPECT_EQ(board.in_flight(k_label), 2);
    EXPECT_EQ(board.in_flight(k_other), 1);
    board.end(k_label);
    EXPECT_EQ(board.in_flight(k_label), 1);
    board.end(k_label);
    board.end(k_other);
    EXPECT_EQ(board.in_flight(k_label), 0);
    EXPECT_EQ(board.in_flight(k_other), 0);
    EXPECT_EQ(board.in_flight("unknown/model"), 0);
}

}  // namespace
}  // namespace failover_proxy
