#pragma once
// What the proxy knows of each candidate's health right now, shared by every request: circuits
// (from the state store, refreshed in the background, and from this process's own attempts at
// once), demotions (a candidate that answered rate_limited or overloaded goes behind healthy
// ones until its Retry-After has passed) and in-flight counts. Thread-safe; never blocks on I/O.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/policy/circuit_breaker.hpp>
#include <lifeline/routing/health.hpp>
#include <lifeline/util/time.hpp>

namespace failover_proxy {

class HealthBoard {
  public:
    explicit HealthBoard(lifeline::config::CircuitConfig circuit) : m_circuit(circuit) {}

    // Replaces what the state store said (HealthMap from routing::health_from_store).
    void update_from_store(lifeline::routing::HealthMap health);

    // One finished attempt of this process on `label` ("provider/model").
    void record(const std::string& label, std::optional<lifeline::FailureClass> failure,
                std::optional<lifeline::Duration> retry_after, lifeline::SystemTime now);

    // Why `label` must be skipped now (circuit open), or nullopt.
    std::optional<std::string> skip_reason(const std::string& label,
                                           lifeline::SystemTime now) const;
    // The class a request skipped for skip_reason() fails with when no candidate is left: the
    // store's disqualifying last class (auth, quota_exhausted, region_blocked), else overloaded
    // (an open circuit).
    lifeline::FailureClass skip_class(const std::string& label) const;
    // True while `label` is demoted (it answered rate_limited / overloaded recently).
    bool demoted(const std::string& label, lifeline::SystemTime now) const;

    // In-flight requests per candidate.
    void begin(const std::string& label);
    void end(const std::string& label);
    int in_flight(const std::string& label) const;

    // label -> 0 closed, 1 open, 2 half-open (for /metrics).
    std::map<std::string, int> circuit_states(lifeline::SystemTime now) const;

  private:
    struct Local {
        std::vector<lifeline::policy::Observation> recent;  // newest last, at most 64
        std::optional<lifeline::SystemTime> demoted_until;
        int in_flight = 0;
    };
    lifeline::policy::CircuitStatus local_circuit(const Local& local,
                                                  lifeline::SystemTime now) const;

    lifeline::config::CircuitConfig m_circuit;
    mutable std::mutex m_mutex;
    lifeline::routing::HealthMap m_store;
    std::map<std::string, Local> m_local;
};

}  // namespace failover_proxy
