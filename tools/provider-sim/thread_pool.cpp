#include "thread_pool.hpp"

namespace provider_sim {

GrowingThreadPool::GrowingThreadPool(size_t initial_threads, size_t max_threads)
    : m_max_threads(max_threads < 1 ? 1 : max_threads) {
    std::lock_guard lock(m_mutex);
    for (size_t i = 0; i < initial_threads && i < m_max_threads; ++i) {
        m_threads.emplace_back([this] { work(); });
    }
}

GrowingThreadPool::~GrowingThreadPool() {
    shutdown();
}

void GrowingThreadPool::enqueue(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
        // Idle workers will pick queued tasks up; only grow when none can.
        if (!m_shutdown && m_idle < m_tasks.size() && m_threads.size() < m_max_threads) {
            m_threads.emplace_back([this] { work(); });
        }
    }
    m_condition.notify_one();
}

void GrowingThreadPool::shutdown() {
    {
        std::lock_guard lock(m_mutex);
        if (m_shutdown) {
            return;
        }
        m_shutdown = true;
    }
    m_condition.notify_all();
    // No new threads are created after m_shutdown, so the vector is stable now.
    for (std::thread& thread : m_threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

void GrowingThreadPool::work() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            ++m_idle;
            m_condition.wait(lock, [this] { return m_shutdown || !m_tasks.empty(); });
            --m_idle;
            if (m_tasks.empty()) {
                return;  // shutdown with nothing left to run
            }
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
    }
}

}  // namespace provider_sim
