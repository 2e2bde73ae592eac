// MemoryStore's HealthStore: recorded observations (the newest k_observations_kept per
// candidate) and circuits.
#include <algorithm>

#include "memory_store.hpp"

namespace lifeline::state {

Status MemoryStore::record_observation(const Observation& observation) {
    std::lock_guard lock(m_mutex);
    auto& list = m_observations[observation.candidate];
    list.push_front(observation);
    if (list.size() > k_observations_kept) {
        list.pop_back();
    }
    return {};
}

Result<std::vector<Observation>> MemoryStore::recent_observations(const std::string& candidate,
                                                                  std::size_t limit) {
    std::lock_guard lock(m_mutex);
    std::vector<Observation> out;
    auto it = m_observations.find(candidate);
    if (it != m_observations.end()) {
        const auto count = std::min(limit, it->second.size());
        out.assign(it->second.begin(), it->second.begin() + static_cast<long>(count));
    }
    return out;
}

Result<std::vector<std::string>> MemoryStore::observed_candidates() {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [candidate, list] : m_observations) {
        out.push_back(candidate);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<CircuitState> MemoryStore::get_circuit(const std::string& candidate) {
    std::lock_guard lock(m_mutex);
    auto it = m_circuits.find(candidate);
    return it == m_circuits.end() ? CircuitState{} : it->second;
}

Status MemoryStore::set_circuit(const std::string& candidate, const CircuitState& circuit) {
    std::lock_guard lock(m_mutex);
    m_circuits[candidate] = circuit;
    return {};
}

Result<bool> MemoryStore::claim_half_open_trial(const std::string& candidate,
                                                const std::string& owner, Duration lease) {
    std::lock_guard lock(m_mutex);
    const SystemTime now = m_clock.now();
    CircuitState& circuit = m_circuits[candidate];
    if (circuit.phase == CircuitPhase::closed) {
        return false;
    }
    if (circuit.phase == CircuitPhase::open && circuit.retry_at && *circuit.retry_at > now) {
        return false;
    }
    if (circuit.phase == CircuitPhase::half_open && circuit.trial_until &&
        *circuit.trial_until > now) {
        return false;
    }
    circuit.phase = CircuitPhase::half_open;
    circuit.trial_owner = owner;
    circuit.trial_until = now + lease;
    return true;
}

}  // namespace lifeline::state
