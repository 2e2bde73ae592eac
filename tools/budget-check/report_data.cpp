// The status document's `data` object: totals, the breakdowns, limits, attribution, prompt
// growth, the spike explanation, source diagnostics and any reservation, as JSON.

#include <algorithm>
#include <cmath>

#include "report.hpp"

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

json models_json(const Summary& summary) {
    json models = json::object();
    for (const auto& [model, bucket] : summary.by_model) {
        json entry = bucket_json(bucket);
        entry["provider"] =
            summary.model_provider.count(model) ? summary.model_provider.at(model) : "unknown";
        entry["priced"] = bucket.unpriced_requests == 0;
        models[model] = std::move(entry);
    }
    return models;
}

// The `top` largest sessions, each with its turns and prompt growth when it had any.
json sessions_json(const Summary& summary, std::size_t top) {
    json sessions = json::object();
    for (const auto* entry : top_sessions(summary, top)) {
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
    return sessions;
}

// A JSON object of `to_json(bucket)` by key.
template <typename ToJson>
json buckets_json(const std::map<std::string, Bucket>& buckets, ToJson to_json) {
    json out = json::object();
    for (const auto& [key, bucket] : buckets)
        out[key] = to_json(bucket);
    return out;
}

// by_model, by_provider, by_session (the largest `top_sessions`), sessions, by_day, by_month.
void add_breakdowns(json& data, const Summary& summary, std::size_t top) {
    data["by_model"] = models_json(summary);
    data["by_provider"] = buckets_json(summary.by_provider, bucket_json);
    data["by_session"] = sessions_json(summary, top);
    data["sessions"] = summary.by_session.size();
    data["by_day"] = buckets_json(summary.by_day, day_json);
    data["by_month"] = buckets_json(summary.by_month, short_bucket_json);
}

json attribution_json(const Summary& summary) {
    const Attribution& a = summary.attribution;
    const double total = static_cast<double>(summary.totals.tokens.total());
    return {
        {"first_try", short_bucket_json(a.first_try)},
        {"after_retry", short_bucket_json(a.after_retry)},
        {"on_fallback", short_bucket_json(a.on_fallback)},
        {"failed_attempts", short_bucket_json(a.failed)},
        {"failed_by_class", buckets_json(a.by_failure_class, short_bucket_json)},
        {"failed_share", total > 0 ? static_cast<double>(a.failed.tokens.total()) / total : 0.0},
        {"runs", a.runs},
        {"runs_with_retry", a.runs_with_retry},
        {"runs_with_fallback", a.runs_with_fallback},
        {"fallback_rate", a.fallback_rate()},
        {"max_retries_in_run", a.max_retries_in_run},
    };
}

json prompt_growth_json(const Summary& summary) {
    return {
        {"per_turn", std::round(summary.prompt_growth_per_turn * 10) / 10},
        {"largest_request_tokens", summary.largest_request_tokens},
        {"largest_request_session", summary.largest_request_session},
        {"largest_request_model", summary.largest_request_model},
    };
}

json spike_json(const SpikeExplanation& spike) {
    return {{"day", spike.day},
            {"tokens", std::llround(spike.tokens)},
            {"baseline_tokens", std::llround(spike.baseline_tokens)},
            {"failed_attempts_effect", std::llround(spike.failed_attempts_effect)},
            {"prompt_size_effect", std::llround(spike.prompt_size_effect)},
            {"request_count_effect", std::llround(spike.request_count_effect)},
            {"explained_by", spike.explained_by}};
}

// A JSON array of `to_json(item)` in order.
template <typename Item, typename ToJson>
json array_json(const std::vector<Item>& items, ToJson to_json) {
    json out = json::array();
    for (const auto& item : items)
        out.push_back(to_json(item));
    return out;
}

}  // namespace

json report_data(const Report& report) {
    const Summary& summary = report.summary;
    json data = json::object();
    data["totals"] = bucket_json(summary.totals);
    data["unpriced_models"] = summary.unpriced_models;
    add_breakdowns(data, summary, report.top_sessions);
    data["limits"] = array_json(report.limits, limit_json);
    data["attribution"] = attribution_json(summary);
    data["prompt_growth"] = prompt_growth_json(summary);
    if (const auto spike = explain_spike(summary))
        data["spike"] = spike_json(*spike);
    data["sources"] = array_json(report.sources, source_json);
    if (!report.reservation.is_null())
        data["reservation"] = report.reservation;
    return data;
}

}  // namespace lifeline::budget
