#include <cstdint>
#include <limits>
#include <set>

#include <gtest/gtest.h>

#include <lifeline/policy/random_source.hpp>

#include "sequence_random.hpp"

namespace lifeline::policy {
namespace {

TEST(RandomSource, SameSeedSameSequenceDifferentSeedDifferentSequence) {
    SeededRandom a(42);
    SeededRandom b(42);
    SeededRandom c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const uint64_t va = a.next_u64();
        EXPECT_EQ(va, b.next_u64());
        differs = differs || va != c.next_u64();
    }
    EXPECT_TRUE(differs);
}

TEST(RandomSource, SplitMix64MatchesTheReferenceVector) {
    // First outputs of the reference SplitMix64 for seed 1234567 (Vigna's splitmix64.c).
    SeededRandom random(1234567);
    EXPECT_EQ(random.next_u64(), 6457827717110365317ULL);
    EXPECT_EQ(random.next_u64(), 3203168211198807973ULL);
}

TEST(RandomSource, UniformIntReachesBothEndsInclusive) {
    testing::SequenceRandom lowest({0});
    EXPECT_EQ(uniform_int(lowest, 1000), 0);
    testing::SequenceRandom highest({std::numeric_limits<uint64_t>::max()});
    EXPECT_EQ(uniform_int(highest, 1000), 1000);
    testing::SequenceRandom middle({uint64_t{1} << 63});
    EXPECT_EQ(uniform_int(middle, 1000), 500);
}

TEST(RandomSource, UniformIntOfZeroOrNegativeBoundIsZero) {
    SeededRandom random(7);
    EXPECT_EQ(uniform_int(random, 0), 0);
    EXPECT_EQ(uniform_int(random, -5), 0);
}

TEST(RandomSource, UniformIntCoversEverySmallValue) {
    SeededRandom random(99);
    std::set<int64_t> seen;
    for (int i = 0; i < 1000; ++i) {
        const int64_t v = uniform_int(random, 9);
        ASSERT_GE(v, 0);
        ASSERT_LE(v, 9);
        seen.insert(v);
    }
    EXPECT_EQ(seen.size(), 10U);
}

}  // namespace
}  // namespace lifeline::policy
