#include <lifeline/state/circuit.hpp>

namespace lifeline::state {

const char* to_string(CircuitPhase phase) {
    switch (phase) {
        case CircuitPhase::closed:
            return "closed";
        case CircuitPhase::open:
            return "open";
        case CircuitPhase::half_open:
            return "half_open";
    }
    return "closed";
}

std::optional<CircuitPhase> parse_circuit_phase(std::string_view id) {
    for (CircuitPhase phase : {CircuitPhase::closed, CircuitPhase::open, CircuitPhase::half_open}) {
        if (id == to_string(phase)) {
            return phase;
        }
    }
    return std::nullopt;
}

}  // namespace lifeline::state
