#pragma once
// A Clock that only moves when told to (or when slept on), starting at 2026-11-21T10:00:00Z.

#include <vector>

#include <lifeline/core/clock.hpp>

namespace lifeline::testing {

class FakeClock final : public Clock {
  public:
    SystemTime now() const override { return m_wall; }
    SteadyTime steady_now() const override { return m_steady; }
    void sleep_for(Duration duration) override {
        m_sleeps.push_back(duration);
        advance(duration);
    }

    void advance(Duration duration) {
        m_wall += duration;
        m_steady += duration;
    }
    void set_wall(SystemTime wall) { m_wall = wall; }
    // Every duration passed to sleep_for, in order.
    const std::vector<Duration>& sleeps() const { return m_sleeps; }

  private:
    SystemTime m_wall = from_unix_ms(1'795'255'200'000);  // 2026-11-21T10:00:00Z
    SteadyTime m_steady{};
    std::vector<Duration> m_sleeps;
};

}  // namespace lifeline::testing
