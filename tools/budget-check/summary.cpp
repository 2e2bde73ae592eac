#include "summary.hpp"

#include <algorithm>
#include <ctime>
#include <unordered_map>

namespace lifeline::budget {
namespace {

constexpr std::string_view k_synthetic_model = "<synthetic>";

// "YYYY-MM-DD" (or "YYYY-MM" when `month_only`) in UTC; "unknown" for 0.
std::string format_utc(int64_t time_ms, bool month_only) {
    if (time_ms == 0)
        return "unknown";
    const std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[16];
    if (month_only)
        std::strftime(text, sizeof text, "%Y-%m", &tm);
    else
        std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

const char* source_provider(SourceKind kind) {
    switch (kind) {
        case SourceKind::claude:
            return "anthropic";
        case SourceKind::codex:
            return "openai";
        case SourceKind::gemini:
            return "gemini";
        case SourceKind::ledger:
            break;
    }
    return "unknown";
}

std::optional<double> priced_cost(const UsageRecord& record,
                                  const std::optional<ModelPrice>& price) {
    if (record.source == SourceKind::ledger && record.recorded_cost)
        return record.recorded_cost;
    if (record.model == k_synthetic_model)
        return 0.0;
    if (price)
        return cost_of(*price, record.tokens);
    return record.recorded_cost;
}

}  // namespace

void Bucket::add(const UsageRecord& record, std::optional<double> cost) {
    const int64_t total = record.tokens.total();
    tokens += record.tokens;
    saturating_add_to(requests, record.requests);
    if (cost) {
        cost_usd += *cost;
    } else {
        saturating_add_to(unpriced_requests, record.requests);
        saturating_add_to(unpriced_tokens, total);
    }
    if (record.failure) {
        saturating_add_to(failed_tokens, total);
        failed_cost_usd += cost.value_or(0);
    }
    if (record.is_retry)
        saturating_add_to(retry_tokens, total);
    if (record.is_fallback)
        saturating_add_to(fallback_tokens, total);
}

double Bucket::mean_prompt_tokens() const {
    return requests == 0 ? 0.0
                         : static_cast<double>(tokens.prompt()) / static_cast<double>(requests);
}

double SessionStats::growth_per_turn() const {
    if (turns < 2)
        return 0.0;
    return static_cast<double>(last_prompt_tokens - first_prompt_tokens) /
           static_cast<double>(turns - 1);
}

double Attribution::fallback_rate() const {
    return runs == 0 ? 0.0 : static_cast<double>(runs_with_fallback) / static_cast<double>(runs);
}

std::string day_of(int64_t time_ms) {
    return format_utc(time_ms, false);
}

std::string month_of(int64_t time_ms) {
    return format_utc(time_ms, true);
}

std::string provider_of(const UsageRecord& record, const config::Config& config) {
    if (!record.provider.empty())
        return record.provider;
    if (const auto* model = config.find_model(record.model))
        return model->provider;
    for (const auto& model : config.models) {
        if (!model.id.empty() && model.id == record.model)
            return model.provider;
    }
    return source_provider(record.source);
}

std::optional<double> cost_of_record(const UsageRecord& record, const PriceTable& prices) {
    return priced_cost(record, prices.find(record.model));
}

Summary summarise(const std::vector<UsageRecord>& records, const PriceTable& prices,
                  const config::Config& config) {
    Summary summary;
    // Thousands of records share a handful of models: look each up once.
    std::unordered_map<std::string, std::optional<ModelPrice>> price_cache;
    std::unordered_map<std::string, std::string> provider_cache;
    struct RunStats {
        int64_t retries = 0;
        bool fallback = false;
    };
    std::map<std::string, RunStats> runs;
    std::string last_day_key;
    int64_t last_day_ms = -1;
    int64_t growth_sum = 0;
    int64_t growth_turns = 0;

    for (const auto& record : records) {
        auto [price_it, inserted] = price_cache.try_emplace(record.model);
        if (inserted)
            price_it->second = prices.find(record.model);
        const auto cost = priced_cost(record, price_it->second);
        if (!cost && record.model != k_synthetic_model)
            summary.unpriced_models.insert(record.model.empty() ? "unknown" : record.model);

        std::string provider;
        if (!record.provider.empty()) {
            provider = record.provider;
        } else {
            const std::string key = record.model + '\0' + to_string(record.source);
            auto [it, fresh] = provider_cache.try_emplace(key);
            if (fresh)
                it->second = provider_of(record, config);
            provider = it->second;
        }
        const std::string model = record.model.empty() ? "unknown" : record.model;
        summary.model_provider.emplace(model, provider);

        summary.totals.add(record, cost);
        summary.by_model[model].add(record, cost);
        summary.by_provider[provider].add(record, cost);
        summary.by_source[to_string(record.source)].add(record, cost);
        const std::string session = record.session.empty() ? "unknown" : record.session;
        summary.by_session[session].add(record, cost);
        // Records come in time order per file, so the day rarely changes: reuse the last key.
        const int64_t day_ms = record.time_ms / 86'400'000;
        if (day_ms != last_day_ms || record.time_ms == 0) {
            last_day_ms = record.time_ms == 0 ? -1 : day_ms;
            last_day_key = day_of(record.time_ms);
        }
        summary.by_day[last_day_key].add(record, cost);
        summary.by_month[last_day_key == "unknown" ? last_day_key : last_day_key.substr(0, 7)].add(
            record, cost);

        const int64_t total = record.tokens.total();
        if (total > summary.largest_request_tokens) {
            summary.largest_request_tokens = total;
            summary.largest_request_session = session;
            summary.largest_request_model = model;
        }

        Attribution& attribution = summary.attribution;
        if (record.failure) {
            attribution.failed.add(record, cost);
            attribution.by_failure_class[to_string(*record.failure)].add(record, cost);
        } else if (record.is_fallback) {
            attribution.on_fallback.add(record, cost);
        } else if (record.is_retry) {
            attribution.after_retry.add(record, cost);
        } else {
            attribution.first_try.add(record, cost);
        }
        if (!record.run_id.empty()) {
            RunStats& run = runs[record.run_id];
            run.retries += record.is_retry ? 1 : 0;
            run.fallback = run.fallback || record.is_fallback;
        }

        // Claude's "<synthetic>" lines are local placeholders, not requests with a prompt.
        if (!record.failure && record.model != k_synthetic_model) {
            SessionStats& stats = summary.sessions[session];
            const int64_t prompt = record.tokens.prompt();
            if (stats.turns == 0)
                stats.first_prompt_tokens = prompt;
            stats.last_prompt_tokens = prompt;
            stats.max_prompt_tokens = std::max(stats.max_prompt_tokens, prompt);
            stats.turns += 1;
        }
    }
    for (const auto& [id, stats] : summary.sessions) {
        if (stats.turns >= 2) {
            growth_sum += stats.last_prompt_tokens - stats.first_prompt_tokens;
            growth_turns += stats.turns - 1;
        }
    }
    if (growth_turns > 0)
        summary.prompt_growth_per_turn =
            static_cast<double>(growth_sum) / static_cast<double>(growth_turns);

    Attribution& attribution = summary.attribution;
    attribution.runs = static_cast<int64_t>(runs.size());
    for (const auto& [id, run] : runs) {
        attribution.runs_with_fallback += run.fallback ? 1 : 0;
        attribution.runs_with_retry += run.retries > 0 ? 1 : 0;
        if (run.retries > attribution.max_retries_in_run) {
            attribution.max_retries_in_run = run.retries;
            attribution.max_retries_run = id;
        }
    }
    return summary;
}

}  // namespace lifeline::budget
