// The report as Prometheus gauges (lifeline_budget_*) for node_exporter's textfile
// collector.

#include <map>

#include "report.hpp"

namespace lifeline::budget {
namespace {

using output::MetricFamily;
using output::MetricType;

double gauge(int64_t value) {
    return static_cast<double>(value);
}

// lifeline_budget_tokens by kind, lifeline_budget_cost_usd and
// lifeline_budget_unpriced_requests.
void add_total_families(std::vector<MetricFamily>& families, const Summary& summary) {
    const TokenCounts& t = summary.totals.tokens;
    families.push_back({"lifeline_budget_tokens",
                        "Tokens counted by budget-check, by kind.",
                        MetricType::gauge,
                        {{{{"kind", "input"}}, gauge(t.uncached_input)},
                         {{{"kind", "output"}}, gauge(t.output)},
                         {{{"kind", "cache_creation"}}, gauge(t.cache_creation)},
                         {{{"kind", "cache_read"}}, gauge(t.cache_read)}}});
    families.push_back({"lifeline_budget_cost_usd",
                        "Cost of the priced usage in USD.",
                        MetricType::gauge,
                        {{{}, round_usd(summary.totals.cost_usd)}}});
    families.push_back({"lifeline_budget_unpriced_requests",
                        "Requests of models with no price.",
                        MetricType::gauge,
                        {{{}, gauge(summary.totals.unpriced_requests)}}});
}

// lifeline_budget_model_tokens for every model, lifeline_budget_model_cost_usd for the
// models with no unpriced request.
void add_model_families(std::vector<MetricFamily>& families, const Summary& summary) {
    MetricFamily model_tokens{
        "lifeline_budget_model_tokens", "Tokens per model.", MetricType::gauge, {}};
    MetricFamily model_cost{
        "lifeline_budget_model_cost_usd", "Cost per priced model in USD.", MetricType::gauge, {}};
    for (const auto& [model, bucket] : summary.by_model) {
        const std::string provider =
            summary.model_provider.count(model) ? summary.model_provider.at(model) : "unknown";
        model_tokens.samples.push_back(
            {{{"model", model}, {"provider", provider}}, gauge(bucket.tokens.total())});
        if (bucket.unpriced_requests == 0)
            model_cost.samples.push_back(
                {{{"model", model}, {"provider", provider}}, round_usd(bucket.cost_usd)});
    }
    families.push_back(std::move(model_tokens));
    families.push_back(std::move(model_cost));
}

// Used, limit, remaining and exceeded (0 or 1), one sample per limit in each.
void add_limit_families(std::vector<MetricFamily>& families,
                        const std::vector<LimitResult>& limits) {
    MetricFamily used{
        "lifeline_budget_limit_used", "Usage measured against each limit.", MetricType::gauge, {}};
    MetricFamily limit_value{
        "lifeline_budget_limit", "Each configured limit.", MetricType::gauge, {}};
    MetricFamily remaining{
        "lifeline_budget_limit_remaining", "What is left of each limit.", MetricType::gauge, {}};
    MetricFamily exceeded{
        "lifeline_budget_limit_exceeded", "1 when the limit is crossed.", MetricType::gauge, {}};
    for (const auto& limit : limits) {
        used.samples.push_back({{{"limit", limit.name}}, limit.used});
        limit_value.samples.push_back({{{"limit", limit.name}}, limit.limit});
        remaining.samples.push_back({{{"limit", limit.name}}, limit.remaining});
        exceeded.samples.push_back(
            {{{"limit", limit.name}}, limit.state == LimitState::exceeded ? 1.0 : 0.0});
    }
    for (auto* family : {&used, &limit_value, &remaining, &exceeded})
        families.push_back(std::move(*family));
}

// Malformed lines summed per source kind, kinds in name order.
MetricFamily malformed_family(const std::vector<SourceDiagnostics>& sources) {
    MetricFamily malformed{"lifeline_budget_malformed_lines",
                           "Lines that were not valid JSON.",
                           MetricType::gauge,
                           {}};
    std::map<std::string, double> malformed_by_kind;
    for (const auto& source : sources)
        malformed_by_kind[to_string(source.kind)] += gauge(source.malformed);
    for (const auto& [kind, count] : malformed_by_kind)
        malformed.samples.push_back({{{"source", kind}}, count});
    return malformed;
}

}  // namespace

std::vector<MetricFamily> report_metrics(const Report& report) {
    std::vector<MetricFamily> families;
    add_total_families(families, report.summary);
    add_model_families(families, report.summary);
    add_limit_families(families, report.limits);
    families.push_back(malformed_family(report.sources));
    families.push_back({"lifeline_budget_fallback_rate",
                        "Share of runs that used a fallback.",
                        MetricType::gauge,
                        {{{}, report.summary.attribution.fallback_rate()}}});
    return families;
}

}  // namespace lifeline::budget
