#include <lifeline/routing/health.hpp>

namespace lifeline::routing {

bool is_disqualifying_probe_class(FailureClass failure_class) {
    // These do not clear by waiting a few seconds: a rejected key, an empty account and a
    // location block stay until a person acts. Transient classes are left to the circuit.
    return failure_class == FailureClass::auth || failure_class == FailureClass::quota_exhausted ||
           failure_class == FailureClass::region_blocked;
}

std::optional<std::string> health_rejection(const HealthSnapshot& health) {
    if (health.circuit == policy::CircuitState::open) {
        std::string reason = "circuit open";
        if (!health.circuit_reason.empty())
            reason += ": " + health.circuit_reason;
        return reason;
    }
    if (health.last_class && is_disqualifying_probe_class(*health.last_class)) {
        std::string reason = std::string("last probe: ") + to_string(*health.last_class);
        if (!health.source.empty())
            reason += " (" + health.source + ")";
        return reason;
    }
    return std::nullopt;
}

const HealthSnapshot* find_health(const HealthMap& health, const policy::Candidate& candidate) {
    auto it = health.find(candidate.label());
    return it == health.end() ? nullptr : &it->second;
}

}  // namespace lifeline::routing
