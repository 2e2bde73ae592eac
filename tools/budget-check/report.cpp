#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "format.hpp"

namespace lifeline::budget {
namespace {

using nlohmann::json;

json bucket_json(const Bucket& bucket) {
    return {{"input_tokens", bucket.tokens.uncached_input},
            {"output_tokens", bucket.tokens.output},
            {"cache_creation_tokens", bucket.tokens.cache_creation},
            {"cache_read_tokens", bucket.tokens.cache_read},
            {"total_tokens", bucket.tokens.total()},
            {"cost_usd", round_usd(bucket.cost_usd)},
            {"requests", bucket.requests},
            {"unpriced_requests", bucket.unpriced_requests},
            {"unpriced_tokens", bucket.unpriced_tokens}};
}

json short_bucket_json(const Bucket& bucket) {
    return {{"requests", bucket.requests},
            {"total_tokens", bucket.tokens.total()},
            {"cost_usd", round_usd(bucket.cost_usd)},
            {"unpriced_requests", bucket.unpriced_requests}};
}

json day_json(const Bucket& bucket) {
    json day = bucket_json(bucket);
    day["failed_tokens"] = bucket.failed_tokens;
    day["retry_tokens"] = bucket.retry_tokens;
    day["fallback_tokens"] = bucket.fallback_tokens;
    day["mean_prompt_tokens"] = std::round(bucket.mean_prompt_tokens() * 10) / 10;
    return day;
}

json source_json(const SourceDiagnostics& source) {
    return {{"kind", to_string(source.kind)},
            {"path", source.path},
            {"files", source.files},
            {"bytes", source.bytes},
            {"lines", source.lines},
            {"records", source.records},
            {"duplicates", source.duplicates},
            {"malformed_lines", source.malformed},
            {"incomplete_tail_lines", source.incomplete_tail},
            {"malformed_examples", source.malformed_examples},
            {"errors", source.errors}};
}

json limit_json(const LimitResult& limit) {
    const bool usd_unit = limit.unit == "usd";
    auto amount = [&](double v) -> json {
        if (usd_unit)
            return round_usd(v);
        return static_cast<int64_t>(std::llround(v));
    };
    return {{"name", limit.name},
            {"unit", limit.unit},
            {"scope", limit.scope},
            {"used", amount(limit.used)},
            {"limit", amount(limit.limit)},
            {"remaining", amount(limit.remaining)},
            {"state", to_string(limit.state)},
            {"lower_bound", limit.lower_bound}};
}

// Sessions by total tokens, largest first, at most `top`.
std::vector<const std::pair<const std::string, Bucket>*> top_sessions(const Summary& summary,
                                                                      std::size_t top) {
    std::vector<const std::pair<const std::string, Bucket>*> sessions;
    for (const auto& entry : summary.by_session)
        sessions.push_back(&entry);
    std::stable_sort(sessions.begin(), sessions.end(), [](const auto* a, const auto* b) {
        return a->second.tokens.total() > b->second.tokens.total();
    });
    if (sessions.size() > top)
        sessions.resize(top);
    return sessions;
}

}  // namespace

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

json report_data(const Report& report) {
    const Summary& summary = report.summary;
    json data = json::object();
    data["totals"] = bucket_json(summary.totals);
    data["unpriced_models"] = summary.unpriced_models;
    json models = json::object();
    for (const auto& [model, bucket] : summary.by_model) {
        json entry = bucket_json(bucket);
        entry["provider"] =
            summary.model_provider.count(model) ? summary.model_provider.at(model) : "unknown";
        entry["priced"] = bucket.unpriced_requests == 0;
        models[model] = std::move(entry);
    }
    data["by_model"] = std::move(models);
    json providers = json::object();
    for (const auto& [provider, bucket] : summary.by_provider)
        providers[provider] = bucket_json(bucket);
    data["by_provider"] = std::move(providers);
    json sessions = json::object();
    for (const auto* entry : top_sessions(summary, report.top_sessions)) {
        json session = bucket_json(entry->second);
        if (const auto it = summary.sessions.find(entry->first); it != summary.sessions.end()) {
            session["turns"] = it->second.turns;
            session["first_prompt_tokens"] = it->second.first_prompt_tokens;
            session["last_prompt_tokens"] = it->second.last_prompt_tokens;
            session["max_prompt_tokens"] = it->second.max_prompt_tokens;
            session["prompt_growth_per_turn"] = std::round(it->second.growth_per_turn() * 10) / 10;
        }
        sessions[entry->first] = std::move(session);
    }
    data["by_session"] = std::move(sessions);
    data["sessions"] = summary.by_session.size();
    json days = json::object();
    for (const auto& [day, bucket] : summary.by_day)
        days[day] = day_json(bucket);
    data["by_day"] = std::move(days);
    json months = json::object();
    for (const auto& [month, bucket] : summary.by_month)
        months[month] = short_bucket_json(bucket);
    data["by_month"] = std::move(months);

    json limits = json::array();
    for (const auto& limit : report.limits)
        limits.push_back(limit_json(limit));
    data["limits"] = std::move(limits);

    const Attribution& a = summary.attribution;
    json classes = json::object();
    for (const auto& [name, bucket] : a.by_failure_class)
        classes[name] = short_bucket_json(bucket);
    const double total = static_cast<double>(summary.totals.tokens.total());
    data["attribution"] = {
        {"first_try", short_bucket_json(a.first_try)},
        {"after_retry", short_bucket_json(a.after_retry)},
        {"on_fallback", short_bucket_json(a.on_fallback)},
        {"failed_attempts", short_bucket_json(a.failed)},
        {"failed_by_class", std::move(classes)},
        {"failed_share", total > 0 ? static_cast<double>(a.failed.tokens.total()) / total : 0.0},
        {"runs", a.runs},
        {"runs_with_retry", a.runs_with_retry},
        {"runs_with_fallback", a.runs_with_fallback},
        {"fallback_rate", a.fallback_rate()},
        {"max_retries_in_run", a.max_retries_in_run},
    };
    data["prompt_growth"] = {
        {"per_turn", std::round(summary.prompt_growth_per_turn * 10) / 10},
        {"largest_request_tokens", summary.largest_request_tokens},
        {"largest_request_session", summary.largest_request_session},
        {"largest_request_model", summary.largest_request_model},
    };
    if (const auto spike = explain_spike(summary)) {
        data["spike"] = {{"day", spike->day},
                         {"tokens", std::llround(spike->tokens)},
                         {"baseline_tokens", std::llround(spike->baseline_tokens)},
                         {"failed_attempts_effect", std::llround(spike->failed_attempts_effect)},
                         {"prompt_size_effect", std::llround(spike->prompt_size_effect)},
                         {"request_count_effect", std::llround(spike->request_count_effect)},
                         {"explained_by", spike->explained_by}};
    }
    json sources = json::array();
    for (const auto& source : report.sources)
        sources.push_back(source_json(source));
    data["sources"] = std::move(sources);
    if (!report.reservation.is_null())
        data["reservation"] = report.reservation;
    return data;
}

std::vector<output::MetricFamily> report_metrics(const Report& report) {
    using output::MetricFamily;
    const Summary& summary = report.summary;
    const TokenCounts& t = summary.totals.tokens;
    std::vector<MetricFamily> families;
    auto d = [](int64_t v) { return static_cast<double>(v); };
    families.push_back({"lifeline_budget_tokens",
                        "Tokens counted by budget-check, by kind.",
                        output::MetricType::gauge,
                        {{{{"kind", "input"}}, d(t.uncached_input)},
                         {{{"kind", "output"}}, d(t.output)},
                         {{{"kind", "cache_creation"}}, d(t.cache_creation)},
                         {{{"kind", "cache_read"}}, d(t.cache_read)}}});
    families.push_back({"lifeline_budget_cost_usd",
                        "Cost of the priced usage in USD.",
                        output::MetricType::gauge,
                        {{{}, round_usd(summary.totals.cost_usd)}}});
    families.push_back({"lifeline_budget_unpriced_requests",
                        "Requests of models with no price.",
                        output::MetricType::gauge,
                        {{{}, d(summary.totals.unpriced_requests)}}});
    MetricFamily model_tokens{
        "lifeline_budget_model_tokens", "Tokens per model.", output::MetricType::gauge, {}};
    MetricFamily model_cost{"lifeline_budget_model_cost_usd",
                            "Cost per priced model in USD.",
                            output::MetricType::gauge,
                            {}};
    for (const auto& [model, bucket] : summary.by_model) {
        const std::string provider =
            summary.model_provider.count(model) ? summary.model_provider.at(model) : "unknown";
        model_tokens.samples.push_back(
            {{{"model", model}, {"provider", provider}}, d(bucket.tokens.total())});
        if (bucket.unpriced_requests == 0)
            model_cost.samples.push_back(
                {{{"model", model}, {"provider", provider}}, round_usd(bucket.cost_usd)});
    }
    families.push_back(std::move(model_tokens));
    families.push_back(std::move(model_cost));
    MetricFamily used{"lifeline_budget_limit_used",
                      "Usage measured against each limit.",
                      output::MetricType::gauge,
                      {}};
    MetricFamily limit_value{
        "lifeline_budget_limit", "Each configured limit.", output::MetricType::gauge, {}};
    MetricFamily remaining{"lifeline_budget_limit_remaining",
                           "What is left of each limit.",
                           output::MetricType::gauge,
                           {}};
    MetricFamily exceeded{"lifeline_budget_limit_exceeded",
                          "1 when the limit is crossed.",
                          output::MetricType::gauge,
                          {}};
    for (const auto& limit : report.limits) {
        used.samples.push_back({{{"limit", limit.name}}, limit.used});
        limit_value.samples.push_back({{{"limit", limit.name}}, limit.limit});
        remaining.samples.push_back({{{"limit", limit.name}}, limit.remaining});
        exceeded.samples.push_back(
            {{{"limit", limit.name}}, limit.state == LimitState::exceeded ? 1.0 : 0.0});
    }
    for (auto* family : {&used, &limit_value, &remaining, &exceeded})
        families.push_back(std::move(*family));
    MetricFamily malformed{"lifeline_budget_malformed_lines",
                           "Lines that were not valid JSON.",
                           output::MetricType::gauge,
                           {}};
    std::map<std::string, double> malformed_by_kind;
    for (const auto& source : report.sources)
        malformed_by_kind[to_string(source.kind)] += d(source.malformed);
    for (const auto& [kind, count] : malformed_by_kind)
        malformed.samples.push_back({{{"source", kind}}, count});
    families.push_back(std::move(malformed));
    families.push_back({"lifeline_budget_fallback_rate",
                        "Share of runs that used a fallback.",
                        output::MetricType::gauge,
                        {{{}, summary.attribution.fallback_rate()}}});
    return families;
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
