#pragma once
// Health observations: what a probe or a request saw of one candidate, and the summary of the
// recent ones that pick-provider and the circuit-breaker rules read.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::state {

// How many observations a store keeps per candidate (older ones are dropped).
inline constexpr std::size_t k_observations_kept = 256;
// The default "last N" a summary looks at.
inline constexpr std::size_t k_default_health_window = 50;

// One outcome of one request to one candidate ("provider/model" or any stable name).
struct Observation {
    std::string candidate;
    std::optional<FailureClass> failure;  // nullopt: the request succeeded
    Duration latency{0};
    int http_status = 0;  // 0: no HTTP response (network, timeout)
    SystemTime time{};
    std::optional<Duration> retry_after;  // the provider's Retry-After, when it sent one

    bool succeeded() const { return !failure.has_value(); }
    bool operator==(const Observation&) const = default;
};

// The recent outcomes of one candidate. With calls == 0 nothing is known: rates are 0 and the
// optional fields are empty.
struct HealthSummary {
    std::string candidate;
    std::size_t calls = 0;
    std::size_t successes = 0;
    double success_rate = 0.0;             // successes / calls
    std::size_t consecutive_failures = 0;  // failures since the newest success
    // Nearest-rank percentiles over the successful calls (over all calls when none succeeded).
    Duration latency_p50{0};
    Duration latency_p95{0};
    std::optional<FailureClass> last_class;  // class of the newest call; nullopt when it succeeded
    std::optional<SystemTime> last_seen;     // time of the newest call
    std::optional<Duration> last_retry_after;  // Retry-After of the newest call, if any
};

// Summarises `newest_first` (as StateStore::recent_observations returns them). Pure.
HealthSummary summarise_observations(const std::string& candidate,
                                     const std::vector<Observation>& newest_first);

}  // namespace lifeline::state
