#include <limits>

#include <gtest/gtest.h>

#include <lifeline/policy/backoff.hpp>

#include "sequence_random.hpp"

namespace lifeline::policy {
namespace {

config::BackoffConfig backoff(int64_t initial_ms, int64_t max_ms, double multiplier) {
    config::BackoffConfig config;
    config.initial = Duration{initial_ms};
    config.max = Duration{max_ms};
    config.multiplier = multiplier;
    return config;
}

TEST(Backoff, CapGrowsExponentiallyUntilMax) {
    const auto config = backoff(1'000, 30'000, 2.0);
    EXPECT_EQ(backoff_cap(config, 0), Duration{1'000});
    EXPECT_EQ(backoff_cap(config, 1), Duration{2'000});
    EXPECT_EQ(backoff_cap(config, 2), Duration{4'000});
    EXPECT_EQ(backoff_cap(config, 4), Duration{16'000});
    EXPECT_EQ(backoff_cap(config, 5), Duration{30'000});
    EXPECT_EQ(backoff_cap(config, 6), Duration{30'000});
}

TEST(Backoff, HugeRetryIndexSaturatesAtMaxWithoutOverflow) {
    const auto config = backoff(1'000, 30'000, 2.0);
    EXPECT_EQ(backoff_cap(config, 63), Duration{30'000});
    EXPECT_EQ(backoff_cap(config, 5'000), Duration{30'000});
    EXPECT_EQ(backoff_cap(config, std::numeric_limits<int>::max()), Duration{30'000});
    const auto wide =
        backoff(std::numeric_limits<int64_t>::max() / 2, std::numeric_limits<int64_t>::max(), 10.0);
    EXPECT_EQ(backoff_cap(wide, 40), Duration{std::numeric_limits<int64_t>::max()});
}

TEST(Backoff, DegenerateConfigsStayInBounds) {
    EXPECT_EQ(backoff_cap(backoff(1'000, 30'000, 0.5), 3), Duration{1'000});    // never shrinks
    EXPECT_EQ(backoff_cap(backoff(50'000, 30'000, 2.0), 0), Duration{30'000});  // initial > max
    EXPECT_EQ(backoff_cap(backoff(0, 30'000, 2.0), 100), Duration{0});
    EXPECT_EQ(backoff_cap(backoff(1'000, 30'000, 2.0), -3), Duration{1'000});
}

TEST(Backoff, EverySampleIsWithinZeroAndTheCap) {
    const auto config = backoff(500, 20'000, 3.0);
    SeededRandom random(2026);
    for (int retry = 0; retry < 8; ++retry) {
        const Duration cap = backoff_cap(config, retry);
        for (int i = 0; i < 2'000; ++i) {
            const Duration d = jittered_backoff(config, retry, random);
            ASSERT_GE(d, Duration{0});
            ASSERT_LE(d, cap);
            ASSERT_LE(d, config.max);
        }
    }
}

TEST(Backoff, FullJitterReachesBothEnds) {
    const auto config = backoff(1'000, 30'000, 2.0);
    testing::SequenceRandom lowest({0});
    EXPECT_EQ(jittered_backoff(config, 2, lowest), Duration{0});
    testing::SequenceRandom highest({std::numeric_limits<uint64_t>::max()});
    EXPECT_EQ(jittered_backoff(config, 2, highest), Duration{4'000});
}

TEST(Backoff, DeterministicForASeed) {
    const auto config = backoff(1'000, 30'000, 2.0);
    SeededRandom a(17);
    SeededRandom b(17);
    for (int retry = 0; retry < 10; ++retry)
        EXPECT_EQ(jittered_backoff(config, retry, a), jittered_backoff(config, retry, b));
}

TEST(Backoff, MeanIsAboutHalfTheCap) {
    const auto config = backoff(1'000, 30'000, 2.0);
    SeededRandom random(5);
    const int samples = 20'000;
    double sum = 0;
    for (int i = 0; i < samples; ++i)
        sum += static_cast<double>(jittered_backoff(config, 3, random).count());
    const double mean = sum / samples;  // cap is 8000ms
    EXPECT_NEAR(mean, 4'000.0, 150.0);
}

TEST(Backoff, SamplesSpreadAcrossTheRangeSoRunnersDoNotRetryInLockstep) {
    const auto config = backoff(1'000, 30'000, 2.0);
    SeededRandom random(11);
    int low = 0;
    int high = 0;
    for (int i = 0; i < 1'000; ++i) {
        const Duration d = jittered_backoff(config, 5, random);  // cap 30s
        low += d < Duration{7'500} ? 1 : 0;
        high += d > Duration{22'500} ? 1 : 0;
    }
    EXPECT_GT(low, 150);
    EXPECT_GT(high, 150);
}

}  // namespace
}  // namespace lifeline::policy
