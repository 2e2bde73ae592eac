#pragma once
// Randomness, injected: policy code draws jitter from a RandomSource, never from the OS, so
// every decision is reproducible in a test. A real-entropy source belongs in app/.

#include <cstdint>

namespace lifeline::policy {

class RandomSource {
  public:
    virtual ~RandomSource() = default;
    // The next 64 uniformly distributed bits.
    virtual uint64_t next_u64() = 0;
};

// A uniform integer in [0, bound] (inclusive) drawn from `random`; 0 when bound <= 0.
int64_t uniform_int(RandomSource& random, int64_t bound);

// SplitMix64 (Steele, Lea, Flood 2014): fast, full-period over 2^64, good enough for jitter.
// The same seed yields the same sequence on every platform.
class SeededRandom final : public RandomSource {
  public:
    explicit SeededRandom(uint64_t seed) : m_state(seed) {}
    uint64_t next_u64() override;

  private:
    uint64_t m_state;
};

}  // namespace lifeline::policy
