// What the report's renderings share: USD rounding and the explanation of the busiest day;
// and the step outputs / dotenv pairs, too small for a file of their own.

#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "format.hpp"

namespace lifeline::budget {

double round_usd(double value) {
    return std::round(value * 1e6) / 1e6;
}

std::optional<SpikeExplanation> explain_spike(const Summary& summary) {
    std::vector<const std::pair<const std::string, Bucket>*> days;
    for (const auto& entry : summary.by_day) {
        if (entry.first != "unknown")
            days.push_back(&entry);
    }
    if (days.size() < 2)
        return std::nullopt;
    const auto* spike =
        *std::max_element(days.begin(), days.end(), [](const auto* a, const auto* b) {
            return a->second.tokens.total() < b->second.tokens.total();
        });
    double tokens = 0, failed = 0, requests = 0, prompt = 0;
    for (const auto* day : days) {
        if (day == spike)
            continue;
        tokens += static_cast<double>(day->second.tokens.total());
        failed += static_cast<double>(day->second.failed_tokens);
        requests += static_cast<double>(day->second.requests);
        prompt += static_cast<double>(day->second.tokens.prompt());
    }
    const double others = static_cast<double>(days.size() - 1);
    const Bucket& s = spike->second;
    SpikeExplanation explanation;
    explanation.day = spike->first;
    explanation.tokens = static_cast<double>(s.tokens.total());
    explanation.baseline_tokens = tokens / others;
    const double base_requests = requests / others;
    const double base_mean_prompt = requests > 0 ? prompt / requests : 0;
    const double base_tokens_per_request = requests > 0 ? tokens / requests : 0;
    explanation.failed_attempts_effect = static_cast<double>(s.failed_tokens) - failed / others;
    explanation.prompt_size_effect =
        (s.mean_prompt_tokens() - base_mean_prompt) * static_cast<double>(s.requests);
    explanation.request_count_effect =
        (static_cast<double>(s.requests) - base_requests) * base_tokens_per_request;
    const std::pair<double, const char*> effects[] = {
        {explanation.failed_attempts_effect, "failed_attempts"},
        {explanation.prompt_size_effect, "prompt_size"},
        {explanation.request_count_effect, "request_count"}};
    explanation.explained_by = std::max_element(std::begin(effects), std::end(effects))->second;
    return explanation;
}

std::vector<std::pair<std::string, std::string>> report_outputs(const Report& report,
                                                                const std::string& status) {
    std::vector<std::pair<std::string, std::string>> outputs;
    outputs.emplace_back("status", status);
    outputs.emplace_back("total_tokens", std::to_string(report.summary.totals.tokens.total()));
    outputs.emplace_back("cost_usd", fixed(round_usd(report.summary.totals.cost_usd), 6));
    for (const auto& limit : report.limits) {
        outputs.emplace_back(limit.name + "_remaining",
                             limit.unit == "usd" ? fixed(round_usd(limit.remaining), 6)
                                                 : std::to_string(std::llround(limit.remaining)));
    }
    return outputs;
}

}  // namespace lifeline::budget
