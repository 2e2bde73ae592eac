#pragma once
// The persisted state of one candidate's circuit breaker. Deciding when to open or close is
// policy (policy/); the store only keeps the state and hands out the single half-open trial.

#include <optional>
#include <string>
#include <string_view>

#include <lifeline/util/time.hpp>

namespace lifeline::state {

enum class CircuitPhase { closed, open, half_open };

// "closed", "open", "half_open".
const char* to_string(CircuitPhase phase);
// The phase for an id; nullopt for anything else.
std::optional<CircuitPhase> parse_circuit_phase(std::string_view id);

struct CircuitState {
    CircuitPhase phase = CircuitPhase::closed;
    std::optional<SystemTime> opened_at;    // when it last opened
    std::optional<SystemTime> retry_at;     // open: when a half-open trial may start
    std::string trial_owner;                // half_open: who holds the trial ("" = nobody)
    std::optional<SystemTime> trial_until;  // half_open: the trial lease ends here

    bool operator==(const CircuitState&) const = default;
};

}  // namespace lifeline::state
