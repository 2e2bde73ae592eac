#pragma once
// Percentiles of latency samples (nearest rank), in milliseconds for printing.

#include <cstddef>
#include <vector>

namespace proxy_bench {

struct LatencySummary {
    size_t count = 0;  // 0: no sample, every other field is 0
    double median_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
};

// `samples_us` in microseconds, any order.
LatencySummary summarize(std::vector<double> samples_us);

}  // namespace proxy_bench
