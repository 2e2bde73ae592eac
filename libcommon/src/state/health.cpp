#include <algorithm>
#include <cmath>

#include <lifeline/state/health.hpp>

namespace lifeline::state {
namespace {

// Nearest-rank percentile: small samples stay honest (p95 of 3 calls is the slowest one).
Duration percentile(std::vector<Duration> sorted_latencies, double fraction) {
    if (sorted_latencies.empty()) {
        return Duration{0};
    }
    auto rank = static_cast<std::size_t>(
        std::ceil(fraction * static_cast<double>(sorted_latencies.size())));
    rank = std::clamp<std::size_t>(rank, 1, sorted_latencies.size());
    return sorted_latencies[rank - 1];
}

}  // namespace

HealthSummary summarise_observations(const std::string& candidate,
                                     const std::vector<Observation>& newest_first) {
    HealthSummary summary;
    summary.candidate = candidate;
    summary.calls = newest_first.size();
    if (newest_first.empty()) {
        return summary;
    }
    std::vector<Duration> ok_latencies;
    std::vector<Duration> all_latencies;
    bool streak = true;
    for (const Observation& observation : newest_first) {
        all_latencies.push_back(observation.latency);
        if (observation.succeeded()) {
            ++summary.successes;
            ok_latencies.push_back(observation.latency);
            streak = false;
        } else if (streak) {
            ++summary.consecutive_failures;
        }
    }
    summary.success_rate =
        static_cast<double>(summary.successes) / static_cast<double>(summary.calls);
    std::vector<Duration>& sample = ok_latencies.empty() ? all_latencies : ok_latencies;
    std::sort(sample.begin(), sample.end());
    summary.latency_p50 = percentile(sample, 0.50);
    summary.latency_p95 = percentile(sample, 0.95);
    const Observation& newest = newest_first.front();
    summary.last_class = newest.failure;
    summary.last_seen = newest.time;
    summary.last_retry_after = newest.retry_after;
    return summary;
}

}  // namespace lifeline::state
