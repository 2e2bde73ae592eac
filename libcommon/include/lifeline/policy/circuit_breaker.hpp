#pragma once
// Circuit-breaker rules as a pure function over one candidate's recent outcomes: the state store
// keeps the observations, this file says what they mean. A candidate whose circuit is open is
// skipped by pick-provider and run-with-failover until its cooldown ends.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::policy {

// One finished request or attempt against a candidate.
struct Observation {
    SystemTime time;
    bool success = false;
    FailureClass failure_class = FailureClass::server_error;  // meaningful when !success
    std::optional<Duration> retry_after;                      // the provider's wait hint
};

enum class CircuitState {
    closed,     // requests flow
    open,       // skip this candidate until retry_at
    half_open,  // the cooldown ended: ONE trial request may go; its outcome closes or re-opens
};

// "closed", "open", "half_open".
const char* to_string(CircuitState state);

struct CircuitStatus {
    CircuitState state = CircuitState::closed;
    std::optional<SystemTime> opened_at;  // when it last opened; nullopt if it never did
    std::optional<SystemTime> retry_at;   // open: when the trial becomes allowed
    std::string reason;                   // e.g. "3 consecutive failures (last: server_error)"

    // True when a request may be sent now (closed, or half-open for the single trial; which
    // process takes the trial is the state store's business, e.g. under a lock).
    bool allows_request() const { return state != CircuitState::open; }
};

// The circuit of one candidate at `now`, replaying `recent` in time order (any input order):
// - closed -> open after `consecutive_failures` failures in a row, or when more than
//   `failure_rate` of the calls in the trailing `window` failed with at least `min_calls` calls;
// - open for `cooldown`, or until the latest Retry-After of the failures that opened it (or of
//   failures while open) when that is later; then half_open;
// - the first observation after the cooldown is the trial: success closes the circuit (and
//   forgets older failures), failure re-opens it from that time.
// Caller-side classes (is_caller_side) never count: the request, not the provider, was at
// fault. Observations later than `now` are ignored.
CircuitStatus evaluate_circuit(const std::vector<Observation>& recent,
                               const config::CircuitConfig& config, SystemTime now);

}  // namespace lifeline::policy
