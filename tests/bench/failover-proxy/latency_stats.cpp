#include "latency_stats.hpp"

#include <algorithm>
#include <cmath>

namespace proxy_bench {

LatencySummary summarize(std::vector<double> samples_us) {
    LatencySummary summary;
    if (samples_us.empty())
        return summary;
    std::sort(samples_us.begin(), samples_us.end());
    auto rank = [&](double quantile) {
        const auto index =
            static_cast<size_t>(std::ceil(quantile * static_cast<double>(samples_us.size())));
        return samples_us[std::min(samples_us.size() - 1, index == 0 ? 0 : index - 1)] / 1000.0;
    };
    summary.count = samples_us.size();
    summary.median_ms = rank(0.5);
    summary.p99_ms = rank(0.99);
    summary.max_ms = samples_us.back() / 1000.0;
    return summary;
}

}  // namespace proxy_bench
