#pragma once
// One simulated provider: a scenario, its fault-engine state, minted keys and statistics.
// handle() turns a request into a planned response; the server only delivers it. Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <lifeline/core/clock.hpp>

#include "fault_engine.hpp"
#include "key_store.hpp"
#include "routing.hpp"
#include "scenario.hpp"
#include "sim_http.hpp"

namespace provider_sim {

class Instance {
  public:
    // `clock` must outlive the instance; the scenario's time windows start now.
    Instance(Scenario scenario, lifeline::Clock& clock);

    const std::string& name() const { return m_name; }
    // The scenario's fixed port (fleet files); 0 = assigned by the server.
    int port() const { return m_port; }

    // Answers one request that is not a /_sim control request.
    SimResponse handle(const SimRequest& request);

    // Replaces the scenario (keeping the instance name and minted keys) and restarts its
    // clock, request numbering and rule counters.
    void replace_scenario(Scenario scenario);

    // {"requests": N, "by_path": {...}, "by_status": {...}, "by_outcome": {...},
    //  "rules_fired": {...}, "scenario_started_ms_ago": N}. Never contains key values.
    nlohmann::json stats() const;

  private:
    struct Turn;  // the per-request facts computed under the lock
    SimResponse handle_locked(const SimRequest& request, const Route& route, Turn& turn);
    SimResponse key_api(const SimRequest& request, const Route& route, Turn& turn);
    SimResponse models_api(const Route& route, Turn& turn);
    SimResponse inference(const SimRequest& request, const Route& route, Turn& turn);
    SimResponse apply_rule(const Rule& rule, const SimRequest& request, const Route& route,
                           Turn& turn);
    // Whether `key` may call the route: key-management endpoints need a management key
    // (authorized_for_management), the others a live minted key or one of the scenario's
    // (any key when it lists none). An empty key never may.
    bool key_allowed(const Route& route, const std::string& key) const;
    bool authorized_for_management(const std::string& key) const;
    std::string next_suffix();

    lifeline::Clock& m_clock;
    std::string m_name;
    int m_port = 0;
    mutable std::mutex m_mutex;
    Scenario m_scenario;
    EngineState m_engine;
    RandomSource m_random;
    KeyStore m_keys;
    lifeline::SteadyTime m_started;
    int64_t m_request_number = 0;
    // Wall-clock times of the first and the latest inference request (for /_sim/stats: tests
    // measure how soon a failover reached this instance).
    std::optional<lifeline::SystemTime> m_first_inference_at;
    std::optional<lifeline::SystemTime> m_last_inference_at;
    uint64_t m_serial = 0;
    int64_t m_total = 0;
    std::map<std::string, int64_t> m_by_path;
    std::map<std::string, int64_t> m_by_status;
    std::map<std::string, int64_t> m_by_outcome;
};

}  // namespace provider_sim
