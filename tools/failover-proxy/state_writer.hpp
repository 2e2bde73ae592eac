#pragma once
// The proxy's only door to the state store, on a thread of its own so no request waits for
// SQLite or Redis: ledger rows and health observations are queued and written in batches, and
// the store's view of every candidate's health (what other replicas and tools recorded) is
// read back into the HealthBoard every `refresh` period.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/state/health_store.hpp>
#include <lifeline/state/ledger_store.hpp>

#include "health_board.hpp"

namespace failover_proxy {

class StateWriter {
  public:
    // `health`, `ledger` (usually one store) and `board` must outlive the writer. `report` receives
    // a line when a kind of store operation (ledger rows, health records, health reads) starts
    // failing, with the store's error (what, where, what to do), and one when it works again, with
    // how many were lost meanwhile: a store down for an hour is two lines, not one per request. The
    // requests that caused the writes are never affected.
    StateWriter(lifeline::state::HealthStore& health, lifeline::state::LedgerStore& ledger,
                HealthBoard& board, lifeline::Duration refresh,
                std::function<void(const std::string&)> report);
    ~StateWriter();  // writes what is queued, then stops
    StateWriter(const StateWriter&) = delete;
    StateWriter& operator=(const StateWriter&) = delete;

    void append(lifeline::state::LedgerEntry entry);
    void observe(lifeline::state::Observation observation);
    // The candidates whose health is read back, and the circuit rules (after a reload).
    void watch(std::vector<lifeline::routing::RouteCandidate> candidates,
               lifeline::config::CircuitConfig circuit);
    // Blocks until everything queued before the call is written (tests, drain).
    void flush();

  private:
    // One kind of store operation, to report its failures once.
    struct Trouble {
        const char* failed;     // "ledger row not written"
        const char* recovered;  // "ledger rows written again"
        bool failing = false;
        uint64_t lost = 0;  // operations that failed since it started failing
    };
    void failed(Trouble& trouble, const lifeline::Error& error);
    void succeeded(Trouble& trouble);

    void loop();
    // Wakes the writer when it sleeps with nothing queued, or when a batch is full; otherwise
    // it is gathering and will write what is queued within k_gather_for. Holds m_mutex.
    void wake_when_needed();
    void write_batch(std::vector<lifeline::state::LedgerEntry>& ledger,
                     std::vector<lifeline::state::Observation>& observations);
    void refresh_health();

    lifeline::state::HealthStore& m_health_store;
    lifeline::state::LedgerStore& m_ledger_store;
    HealthBoard& m_board;
    lifeline::Duration m_refresh;
    std::function<void(const std::string&)> m_report;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    std::vector<lifeline::state::LedgerEntry> m_ledger;
    std::vector<lifeline::state::Observation> m_observations;
    std::vector<lifeline::routing::RouteCandidate> m_candidates;
    lifeline::config::CircuitConfig m_circuit;
    uint64_t m_queued = 0;       // batches handed in
    uint64_t m_written = 0;      // batches written
    uint64_t m_flush_to = 0;     // a flush waits for the batches up to here
    bool m_writer_idle = false;  // the writer sleeps with nothing queued
    bool m_stop = false;
    // Touched by the writer thread only.
    Trouble m_ledger_trouble{"ledger row not written", "ledger rows written again"};
    Trouble m_health_trouble{"health not recorded", "health recorded again"};
    Trouble m_read_trouble{"health not read", "health read again"};
    std::thread m_thread;
};

}  // namespace failover_proxy
