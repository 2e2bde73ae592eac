#include "summary.hpp"

#include <algorithm>
#include <ctime>
#include <unordered_map>

#include "attribution.hpp"

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

namespace {

// The memoised look-ups of summarise: thousands of records share a handful of models,
// providers and days, so each is worked out once.
class RecordKeys {
  public:
    RecordKeys(const PriceTable& prices, const config::Config& config)
        : m_prices(prices), m_config(config) {}

    // The table's price for the record's model; nullopt when it has none.
    const std::optional<ModelPrice>& price(const UsageRecord& record) {
        auto [it, inserted] = m_price_cache.try_emplace(record.model);
        if (inserted)
            it->second = m_prices.find(record.model);
        return it->second;
    }

    // provider_of(record, config), looked up once per model and source.
    std::string provider(const UsageRecord& record) {
        if (!record.provider.empty())
            return record.provider;
        const std::string key = record.model + '\0' + to_string(record.source);
        auto [it, fresh] = m_provider_cache.try_emplace(key);
        if (fresh)
            it->second = provider_of(record, m_config);
        return it->second;
    }

    // day_of(record.time_ms). Records come in time order per file, so the day rarely
    // changes: the last key is reused. Valid until the next call.
    const std::string& day(const UsageRecord& record) {
        const int64_t day_ms = record.time_ms / 86'400'000;
        if (day_ms != m_last_day_ms || record.time_ms == 0) {
            m_last_day_ms = record.time_ms == 0 ? -1 : day_ms;
            m_last_day_key = day_of(record.time_ms);
        }
        return m_last_day_key;
    }

  private:
    const PriceTable& m_prices;
    const config::Config& m_config;
    std::unordered_map<std::string, std::optional<ModelPrice>> m_price_cache;
    std::unordered_map<std::string, std::string> m_provider_cache;
    std::string m_last_day_key;
    int64_t m_last_day_ms = -1;
};

// What one record is filed under in the breakdowns.
struct RecordLabels {
    std::string model;  // "unknown" when the record names none
    std::string provider;
    std::string session;  // "unknown" when the record names none
    const std::string& day;
};

std::string known_or_unknown(const std::string& value) {
    return value.empty() ? "unknown" : value;
}

void add_to_breakdowns(Summary& summary, const UsageRecord& record, std::optional<double> cost,
                       const RecordLabels& labels) {
    summary.model_provider.emplace(labels.model, labels.provider);
    summary.totals.add(record, cost);
    summary.by_model[labels.model].add(record, cost);
    summary.by_provider[labels.provider].add(record, cost);
    summary.by_source[to_string(record.source)].add(record, cost);
    summary.by_session[labels.session].add(record, cost);
    summary.by_day[labels.day].add(record, cost);
    const std::string month = labels.day == "unknown" ? labels.day : labels.day.substr(0, 7);
    summary.by_month[month].add(record, cost);
}

void note_largest_request(Summary& summary, const UsageRecord& record, const RecordLabels& labels) {
    const int64_t total = record.tokens.total();
    if (total > summary.largest_request_tokens) {
        summary.largest_request_tokens = total;
        summary.largest_request_session = labels.session;
        summary.largest_request_model = labels.model;
    }
}

// Counts a successful request as a turn of its session and follows its prompt size.
void add_turn(std::map<std::string, SessionStats>& sessions, const UsageRecord& record,
              const std::string& session) {
    // Claude's "<synthetic>" lines are local placeholders, not requests with a prompt.
    if (record.failure || record.model == k_synthetic_model)
        return;
    SessionStats& stats = sessions[session];
    const int64_t prompt = record.tokens.prompt();
    if (stats.turns == 0)
        stats.first_prompt_tokens = prompt;
    stats.last_prompt_tokens = prompt;
    stats.max_prompt_tokens = std::max(stats.max_prompt_tokens, prompt);
    stats.turns += 1;
}

// Sum over sessions of (last - first prompt) / sum of (turns - 1); 0 without a session of
// two turns.
double prompt_growth_per_turn(const std::map<std::string, SessionStats>& sessions) {
    int64_t growth_sum = 0;
    int64_t growth_turns = 0;
    for (const auto& [id, stats] : sessions) {
        if (stats.turns >= 2) {
            growth_sum += stats.last_prompt_tokens - stats.first_prompt_tokens;
            growth_turns += stats.turns - 1;
        }
    }
    if (growth_turns == 0)
        return 0;
    return static_cast<double>(growth_sum) / static_cast<double>(growth_turns);
}

}  // namespace

Summary summarise(const std::vector<UsageRecord>& records, const PriceTable& prices,
                  const config::Config& config) {
    Summary summary;
    RecordKeys keys(prices, config);
    AttributionTally attribution;
    for (const auto& record : records) {
        const auto cost = priced_cost(record, keys.price(record));
        const RecordLabels labels{known_or_unknown(record.model), keys.provider(record),
                                  known_or_unknown(record.session), keys.day(record)};
        if (!cost && record.model != k_synthetic_model)
            summary.unpriced_models.insert(labels.model);
        add_to_breakdowns(summary, record, cost, labels);
        note_largest_request(summary, record, labels);
        attribution.add(record, cost);
        add_turn(summary.sessions, record, labels.session);
    }
    summary.prompt_growth_per_turn = prompt_growth_per_turn(summary.sessions);
    summary.attribution = std::move(attribution).finish();
    return summary;
}

}  // namespace lifeline::budget
