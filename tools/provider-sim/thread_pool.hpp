#pragma once
// cpp-httplib's task queue, growing on demand. httplib holds a worker for the whole life of a
// keep-alive connection (and a hang fault holds one on purpose), so a fixed pool smaller than
// the number of open connections would stall new clients. Workers are added while every
// existing one is busy, up to `max_threads`, and kept for reuse.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace provider_sim {

class GrowingThreadPool final : public httplib::TaskQueue {
  public:
    GrowingThreadPool(size_t initial_threads, size_t max_threads);
    ~GrowingThreadPool() override;

    void enqueue(std::function<void()> task) override;
    // Runs the queued tasks to completion, then joins every worker.
    void shutdown() override;

  private:
    void work();

    std::mutex m_mutex;
    std::condition_variable m_condition;
    std::deque<std::function<void()>> m_tasks;
    std::vector<std::thread> m_threads;
    size_t m_idle = 0;
    size_t m_max_threads;
    bool m_shutdown = false;
};

}  // namespace provider_sim
