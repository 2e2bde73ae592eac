#pragma once
// A RandomSource that replays a fixed list of 64-bit values (cycling), for boundary tests.

#include <cstdint>
#include <vector>

#include <lifeline/policy/random_source.hpp>

namespace lifeline::policy::testing {

class SequenceRandom final : public RandomSource {
  public:
    explicit SequenceRandom(std::vector<uint64_t> values) : m_values(std::move(values)) {}
    uint64_t next_u64() override {
        ++m_draws;
        return m_values[(m_draws - 1) % m_values.size()];
    }
    // How many values were drawn so far.
    size_t draws() const { return m_draws; }

  private:
    std::vector<uint64_t> m_values;
    size_t m_draws = 0;
};

}  // namespace lifeline::policy::testing
