#pragma once
// What routing knows about a candidate's health, as a plain value: the tool fills it from the
// state store, from a probe-endpoint document or from probing now, and the decision reads it.

#include <map>
#include <optional>
#include <string>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/policy/circuit_breaker.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::routing {

struct HealthSnapshot {
    // Class of the newest probe or request; nullopt when it succeeded or nothing is known.
    std::optional<FailureClass> last_class;
    std::optional<double> success_rate;   // 0..1 over the recent calls; nullopt = unknown
    std::optional<Duration> latency_p50;  // nullopt = unknown
    // The circuit as of now (the tool resolves cooldowns before deciding). Open = skipped.
    policy::CircuitState circuit = policy::CircuitState::closed;
    std::string circuit_reason;  // why it opened, e.g. "3 consecutive failures"
    std::string source;          // where this came from: "state", "probe-results", "probe"
};

// Keyed by Candidate::label() ("provider/model").
using HealthMap = std::map<std::string, HealthSnapshot>;

// The failure classes a last probe must not have for a candidate to be picked: the same request
// would fail the same way (auth, quota_exhausted, region_blocked).
bool is_disqualifying_probe_class(FailureClass failure_class);

// Why `health` rules the candidate out ("circuit open: 3 consecutive failures",
// "last probe: auth"), or nullopt when it may be picked.
std::optional<std::string> health_rejection(const HealthSnapshot& health);

// The snapshot for `candidate`, or nullptr when nothing is known about it.
const HealthSnapshot* find_health(const HealthMap& health, const policy::Candidate& candidate);

}  // namespace lifeline::routing
