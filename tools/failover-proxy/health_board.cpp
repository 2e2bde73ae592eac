#include "health_board.hpp"

namespace failover_proxy {

using lifeline::FailureClass;
using lifeline::SystemTime;
using lifeline::policy::CircuitState;

namespace {

constexpr size_t k_local_observations = 64;
// How long a rate-limited or overloaded candidate stays behind healthy ones when it sent no
// Retry-After.
constexpr lifeline::Duration k_default_demotion{10'000};

bool demotes(FailureClass failure_class) {
    return failure_class == FailureClass::rate_limited || failure_class == FailureClass::overloaded;
}

}  // namespace

void HealthBoard::update_from_store(lifeline::routing::HealthMap health) {
    std::lock_guard lock(m_mutex);
    m_store = std::move(health);
}

void HealthBoard::record(const std::string& label, std::optional<FailureClass> failure,
                         std::optional<lifeline::Duration> retry_after, SystemTime now) {
    std::lock_guard lock(m_mutex);
    Local& local = m_local[label];
    lifeline::policy::Observation observation;
    observation.time = now;
    observation.success = !failure;
    if (failure)
        observation.failure_class = *failure;
    observation.retry_after = retry_after;
    local.recent.push_back(observation);
    if (local.recent.size() > k_local_observations)
        local.recent.erase(local.recent.begin());
    if (!failure) {
        local.demoted_until.reset();
    } else if (demotes(*failure)) {
        local.demoted_until = now + retry_after.value_or(k_default_demotion);
    }
}

lifeline::policy::CircuitStatus HealthBoard::local_circuit(const Local& local,
                                                           SystemTime now) const {
    return lifeline::policy::evaluate_circuit(local.recent, m_circuit, now);
}

std::optional<std::string> HealthBoard::skip_reason(const std::string& label,
                                                    SystemTime now) const {
    std::lock_guard lock(m_mutex);
    if (auto it = m_local.find(label); it != m_local.end()) {
        const auto status = local_circuit(it->second, now);
        if (status.state == CircuitState::open)
            return "circuit open: " + status.reason;
    }
    // What the store knows (other processes, probe-endpoint): an open circuit, or a last call
    // that failed in a way the same request would fail again (auth, quota, region) — the
    // rules pick-provider and run-with-failover apply.
    if (auto it = m_store.find(label); it != m_store.end()) {
        if (auto why = lifeline::routing::health_rejection(it->second))
            return *why;
    }
    return std::nullopt;
}

FailureClass HealthBoard::skip_class(const std::string& label) const {
    std::lock_guard lock(m_mutex);
    if (auto it = m_store.find(label); it != m_store.end()) {
        const auto& health = it->second;
        if (health.circuit != CircuitState::open && health.last_class &&
            lifeline::routing::is_disqualifying_probe_class(*health.last_class))
            return *health.last_class;
    }
    return FailureClass::overloaded;
}

bool HealthBoard::demoted(const std::string& label, SystemTime now) const {
    std::lock_guard lock(m_mutex);
    auto it = m_local.find(label);
    return it != m_local.end() && it->second.demoted_until && *it->second.demoted_until > now;
}

void HealthBoard::begin(const std::string& label) {
    std::lock_guard lock(m_mutex);
    ++m_local[label].in_flight;
}

void HealthBoard::end(const std::string& label) {
    std::lock_guard lock(m_mutex);
    --m_local[label].in_flight;
}

int HealthBoard::in_flight(const std::string& label) const {
    std::lock_guard lock(m_mutex);
    auto it = m_local.find(label);
    return it == m_local.end() ? 0 : it->second.in_flight;
}

std::map<std::string, int> HealthBoard::circuit_states(SystemTime now) const {
    std::lock_guard lock(m_mutex);
    std::map<std::string, int> states;
    for (const auto& [label, health] : m_store)
        states[label] = static_cast<int>(health.circuit);
    for (const auto& [label, local] : m_local) {
        const auto state = local_circuit(local, now).state;
        if (state != CircuitState::closed)
            states[label] = static_cast<int>(state);
        else
            states.emplace(label, 0);
    }
    return states;
}

}  // namespace failover_proxy
