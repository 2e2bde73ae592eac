#pragma once
// A latch that every waiting handler (delay, hang, slow drip) sleeps on, so a shutdown wakes
// them at once instead of leaving the process waiting for a 10-minute hang.

#include <condition_variable>
#include <mutex>

#include <lifeline/util/duration.hpp>

namespace provider_sim {

class StopSignal {
  public:
    // Sleeps up to `duration`; false when the stop was requested (before or during the wait).
    bool wait_for(lifeline::Duration duration) {
        std::unique_lock lock(m_mutex);
        return !m_condition.wait_for(lock, duration, [this] { return m_stopped; });
    }
    void request_stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_condition.notify_all();
    }
    bool stopped() const {
        std::lock_guard lock(m_mutex);
        return m_stopped;
    }

  private:
    mutable std::mutex m_mutex;
    std::condition_variable m_condition;
    bool m_stopped = false;
};

}  // namespace provider_sim
