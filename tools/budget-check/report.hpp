#pragma once
// The report in every form budget-check writes: the status document's `data`, the text for
// people, the GitHub step-summary markdown, Prometheus metrics, and the key/value pairs for
// step outputs and the GitLab dotenv report. Pure: a Report in, text and JSON out.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/output/prometheus.hpp>

#include "limits.hpp"
#include "summary.hpp"
#include "usage.hpp"

namespace lifeline::budget {

// "Did the spike come from retries or bigger prompts?": the day with the most tokens against
// the mean of the other days, split into three effects (tokens).
struct SpikeExplanation {
    std::string day;
    double tokens = 0;
    double baseline_tokens = 0;         // mean of the other days
    double failed_attempts_effect = 0;  // more tokens on failed attempts
    double prompt_size_effect = 0;      // bigger prompts per request
    double request_count_effect = 0;    // more requests of the usual size
    std::string explained_by;           // "failed_attempts", "prompt_size", "request_count"
};

// nullopt with fewer than two dated days.
std::optional<SpikeExplanation> explain_spike(const Summary& summary);

struct Report {
    const Summary& summary;
    const std::vector<LimitResult>& limits;
    const std::vector<SourceDiagnostics>& sources;
    std::size_t top_sessions = 50;  // by_session lists the largest this many
    nlohmann::json reservation;     // null unless --reserve/--settle/--release ran
};

// The status document's data object.
nlohmann::json report_data(const Report& report);
// One line: "1,234,567 tokens, $12.34 (2 models unpriced), 3 sessions".
std::string report_headline(const Report& report);
// The --format text body: totals, limits, models, attribution, sources.
std::string report_text(const Report& report);
// GitHub step summary: totals, limits and per-model tables.
std::string report_markdown(const Report& report);
// lifeline_budget_* gauges for the node_exporter textfile collector.
std::vector<output::MetricFamily> report_metrics(const Report& report);
// Step outputs / dotenv pairs: status, total_tokens, cost_usd, <limit>_remaining (names in
// lower case; the dotenv form upper-cases them with a LIFELINE_BUDGET_ prefix).
std::vector<std::pair<std::string, std::string>> report_outputs(const Report& report,
                                                                const std::string& status);

// "12.345678" style: USD rounded to 6 decimals.
double round_usd(double usd);

}  // namespace lifeline::budget
