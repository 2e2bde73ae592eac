// budget-check over the usage ledger as the state store hands it back: one ledger row per
// line (the Redis store's JSON form; rows that do not decode are left out, as the store would
// fail them), made into usage records, filtered, summarised, measured against every limit and
// written as each report. The first byte picks the limits that are set and the filters.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "ledger_usage.hpp"
#include "limits.hpp"
#include "price_table.hpp"
#include "redis_codec.hpp"
#include "report.hpp"
#include "sources.hpp"
#include "summary.hpp"

namespace lifeline::fuzz {
namespace {

budget::LimitSettings limits_of(uint8_t flags) {
    budget::LimitSettings limits;
    if (flags & 0x01)
        limits.session_tokens = 1000;
    if (flags & 0x02)
        limits.request_tokens = 500;
    if (flags & 0x04)
        limits.max_turns = 3;
    if (flags & 0x08)
        limits.max_retries_per_request = 1;
    if (flags & 0x10) {
        limits.cost_session = 0.5;
        limits.cost_daily = 5.0;
        limits.cost_monthly = 50.0;
    }
    return limits;
}

}  // namespace

int fuzz_budget_ledger(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const uint8_t flags = input.byte();
    std::vector<state::LedgerEntry> entries;
    while (!input.empty()) {
        auto entry = state::decode_ledger_entry(std::string(input.until("\n")));
        if (entry)
            entries.push_back(std::move(*entry));
    }

    std::vector<budget::UsageRecord> records = budget::records_from_ledger(entries);
    LIFELINE_FUZZ_CHECK(records.size() == entries.size());
    budget::RecordFilter filter;
    if (flags & 0x20)
        filter.session = "s1";
    if (flags & 0x40) {
        filter.since_ms = to_unix_ms(fuzz_now()) - 86'400'000;
        filter.until_ms = to_unix_ms(fuzz_now());
    }
    budget::filter_records(records, filter);

    static const budget::PriceTable prices = [] {
        auto shipped = budget::PriceTable::shipped();
        LIFELINE_FUZZ_CHECK(shipped.ok());
        return std::move(*shipped);
    }();
    const config::Config config;
    const budget::Summary summary = budget::summarise(records, prices, config);
    LIFELINE_FUZZ_CHECK(summary.totals.requests >= 0);
    const std::optional<std::string> session =
        flags & 0x80 ? std::optional<std::string>("s1") : std::nullopt;
    const std::vector<budget::LimitResult> results =
        budget::evaluate_limits(limits_of(flags), summary, fuzz_now(), session);
    for (const auto& result : results)
        (void)result.describe();

    const std::vector<budget::SourceDiagnostics> sources(1);
    const budget::Report report{summary, results, sources, 5, nullptr};
    (void)budget::report_data(report).dump();
    (void)budget::report_headline(report);
    (void)budget::report_text(report);
    (void)budget::report_markdown(report);
    (void)budget::report_metrics(report);
    (void)budget::report_outputs(report, "ok");
    (void)budget::explain_spike(summary);
    return 0;
}

}  // namespace lifeline::fuzz
