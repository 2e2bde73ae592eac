#pragma once
// What every request of the proxy shares: the current config snapshot (swapped on SIGHUP),
// health, the state writer, metrics, the access log and sessions. (Each event loop has an
// upstream transport of its own: event_loops.hpp.)
// Owned by the proxy's run(); outlives every request.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <lifeline/routing/vendor_rule.hpp>

#include "access_log.hpp"
#include "health_board.hpp"
#include "metrics.hpp"
#include "sessions.hpp"
#include "snapshot.hpp"
#include "state_writer.hpp"

namespace failover_proxy {

struct ProxySettings {
    lifeline::Duration default_idle_timeout{120'000};  // lanes without idle_timeout
    lifeline::Duration connect_timeout{10'000};
    lifeline::Duration max_wait{5'000};  // longest wait on the same candidate (--max-wait)
    size_t hold_limit_bytes = 1 << 20;   // stream bytes held before the first content event
    int max_in_flight_per_upstream = 0;  // 0 = no cap
};

struct Services {
    Services(lifeline::config::CircuitConfig circuit) : health(circuit) {}

    std::shared_ptr<const Snapshot> snapshot() const {
        std::lock_guard lock(snapshot_mutex);
        return current;
    }
    void replace_snapshot(std::shared_ptr<const Snapshot> next) {
        std::lock_guard lock(snapshot_mutex);
        current = std::move(next);
    }

    ProxySettings settings;
    HealthBoard health;
    Metrics metrics;
    Sessions sessions;
    StateWriter* state = nullptr;     // nullptr: no state store
    AccessLog* access_log = nullptr;  // nullptr: no access log
    std::string run_id;  // LIFELINE_RUN_ID of the step the proxy serves, for ledger rows
    // LIFELINE_SESSION: the budget session of the step the proxy serves; ledger rows carry it
    // instead of the agent's own session id (which still pins candidates). "" = the agent's.
    std::string ledger_session;
    // Cross-vendor review of every request (--review-of / --avoid-vendor, resolved at start);
    // inactive = none. review_of is the run it was resolved from ("" = none).
    lifeline::routing::VendorRule review_rule;
    std::string review_of;
    std::atomic<uint64_t> next_request{1};
    std::atomic<int> in_flight{0};
    uint64_t seed = 0;  // mixed into each request's jitter source

  private:
    mutable std::mutex snapshot_mutex;
    std::shared_ptr<const Snapshot> current;
};

}  // namespace failover_proxy
