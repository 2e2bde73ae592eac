#include "state_writer.hpp"

#include <algorithm>
#include <chrono>

#include <lifeline/routing/store_health.hpp>

namespace failover_proxy {

namespace {

// Rows that arrive together are written together: once the writer wakes for one, it gathers
// for this long (or until this many are queued) before writing, so a busy proxy wakes it about
// a hundred times a second instead of twice per request.
constexpr auto k_gather_for = std::chrono::milliseconds(10);
constexpr size_t k_full_batch = 512;

}  // namespace

StateWriter::StateWriter(lifeline::state::HealthStore& health, lifeline::state::LedgerStore& ledger,
                         HealthBoard& board, lifeline::Duration refresh,
                         std::function<void(const std::string&)> report)
    : m_health_store(health),
      m_ledger_store(ledger),
      m_board(board),
      m_refresh(refresh),
      m_report(std::move(report)) {
    m_thread = std::thread([this] { loop(); });
}

StateWriter::~StateWriter() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void StateWriter::append(lifeline::state::LedgerEntry entry) {
    std::lock_guard lock(m_mutex);
    m_ledger.push_back(std::move(entry));
    ++m_queued;
    wake_when_needed();
}

void StateWriter::observe(lifeline::state::Observation observation) {
    std::lock_guard lock(m_mutex);
    m_observations.push_back(std::move(observation));
    ++m_queued;
    wake_when_needed();
}

void StateWriter::wake_when_needed() {
    if (m_writer_idle || m_ledger.size() + m_observations.size() >= k_full_batch)
        m_wake.notify_one();
}

void StateWriter::watch(std::vector<lifeline::routing::RouteCandidate> candidates,
                        lifeline::config::CircuitConfig circuit) {
    std::lock_guard lock(m_mutex);
    m_candidates = std::move(candidates);
    m_circuit = circuit;
}

void StateWriter::flush() {
    std::unique_lock lock(m_mutex);
    const uint64_t target = m_queued;
    m_flush_to = std::max(m_flush_to, target);
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_written >= target || m_stop; });
}

void StateWriter::loop() {
    std::unique_lock lock(m_mutex);
    auto next_refresh = std::chrono::steady_clock::now();
    while (true) {
        m_writer_idle = true;
        m_wake.wait_until(lock, next_refresh,
                          [&] { return m_stop || !m_ledger.empty() || !m_observations.empty(); });
        m_writer_idle = false;
        m_wake.wait_for(lock, k_gather_for, [&] {
            return m_stop || m_flush_to > m_written ||
                   m_ledger.size() + m_observations.size() >= k_full_batch ||
                   (m_ledger.empty() && m_observations.empty());
        });
        std::vector<lifeline::state::LedgerEntry> ledger;
        std::vector<lifeline::state::Observation> observations;
        ledger.swap(m_ledger);
        observations.swap(m_observations);
        const uint64_t batch_end = m_queued;
        const bool stop = m_stop;
        lock.unlock();
        write_batch(ledger, observations);
        if (std::chrono::steady_clock::now() >= next_refresh && !stop) {
            refresh_health();
            next_refresh = std::chrono::steady_clock::now() + m_refresh;
        }
        lock.lock();
        m_written = batch_end;
        m_flushed.notify_all();
        if (stop && m_ledger.empty() && m_observations.empty())
            return;
    }
}

void StateWriter::failed(Trouble& trouble, const lifeline::Error& error) {
    ++trouble.lost;
    if (trouble.failing)
        return;
    trouble.failing = true;
    m_report(std::string("state store: ") + trouble.failed + ": " + error.to_string() +
             " (requests are still served; said once until the store works again)");
}

void StateWriter::succeeded(Trouble& trouble) {
    if (!trouble.failing)
        return;
    m_report(std::string("state store: ") + trouble.recovered + " (" +
             std::to_string(trouble.lost) + " lost while it failed)");
    trouble.failing = false;
    trouble.lost = 0;
}

void StateWriter::write_batch(std::vector<lifeline::state::LedgerEntry>& ledger,
                              std::vector<lifeline::state::Observation>& observations) {
    for (const auto& observation : observations) {
        if (auto recorded = m_health_store.record_observation(observation); !recorded)
            failed(m_health_trouble, recorded.error());
        else
            succeeded(m_health_trouble);
    }
    for (const auto& entry : ledger) {
        if (auto appended = m_ledger_store.append_ledger(entry); !appended)
            failed(m_ledger_trouble, appended.error());
        else
            succeeded(m_ledger_trouble);
    }
}

void StateWriter::refresh_health() {
    std::vector<lifeline::routing::RouteCandidate> candidates;
    lifeline::config::CircuitConfig circuit;
    {
        std::lock_guard lock(m_mutex);
        candidates = m_candidates;
        circuit = m_circuit;
    }
    if (candidates.empty())
        return;
    auto health = lifeline::routing::health_from_store(m_health_store, candidates, circuit,
                                                       std::chrono::system_clock::now());
    if (!health) {
        failed(m_read_trouble, health.error());
        return;
    }
    succeeded(m_read_trouble);
    m_board.update_from_store(std::move(*health));
}

}  // namespace failover_proxy
