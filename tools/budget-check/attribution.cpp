// Attribution of usage to first tries, retries, fallbacks and failed attempts, and the
// per-run counts behind the fallback rate.

#include "attribution.hpp"

#include <utility>

namespace lifeline::budget {

double Attribution::fallback_rate() const {
    return runs == 0 ? 0.0 : static_cast<double>(runs_with_fallback) / static_cast<double>(runs);
}

void AttributionTally::add(const UsageRecord& record, std::optional<double> cost) {
    if (record.failure) {
        m_attribution.failed.add(record, cost);
        m_attribution.by_failure_class[to_string(*record.failure)].add(record, cost);
    } else if (record.is_fallback) {
        m_attribution.on_fallback.add(record, cost);
    } else if (record.is_retry) {
        m_attribution.after_retry.add(record, cost);
    } else {
        m_attribution.first_try.add(record, cost);
    }
    if (!record.run_id.empty()) {
        RunStats& run = m_runs[record.run_id];
        run.retries += record.is_retry ? 1 : 0;
        run.fallback = run.fallback || record.is_fallback;
    }
}

Attribution AttributionTally::finish() && {
    Attribution& attribution = m_attribution;
    attribution.runs = static_cast<int64_t>(m_runs.size());
    for (const auto& [id, run] : m_runs) {
        attribution.runs_with_fallback += run.fallback ? 1 : 0;
        attribution.runs_with_retry += run.retries > 0 ? 1 : 0;
        if (run.retries > attribution.max_retries_in_run) {
            attribution.max_retries_in_run = run.retries;
            attribution.max_retries_run = id;
        }
    }
    return std::move(attribution);
}

}  // namespace lifeline::budget
