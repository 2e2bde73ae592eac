#pragma once
// Time, injected: logic asks a Clock, never std::chrono::*::now() directly.

#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline {

class Clock {
  public:
    virtual ~Clock() = default;
    // Wall-clock time, for timestamps in documents and ledgers.
    virtual SystemTime now() const = 0;
    // Monotonic time, for measuring durations and deadlines.
    virtual SteadyTime steady_now() const = 0;
    // Blocks for `duration` (a fake clock just advances).
    virtual void sleep_for(Duration duration) = 0;
};

// Elapsed whole milliseconds between two steady times.
inline Duration elapsed_between(SteadyTime start, SteadyTime end) {
    return std::chrono::duration_cast<Duration>(end - start);
}

}  // namespace lifeline
