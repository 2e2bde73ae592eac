#include "check_plan.hpp"

#include <lifeline/util/duration.hpp>

#include "reservation.hpp"

namespace lifeline::budget {
namespace {

// The flags of --reserve/--settle/--release that are wrong whatever the limits are.
Status check_reservation_flags(const Options& options) {
    if (options.settle && options.release)
        return fail(ErrorCode::invalid_input, "--settle and --release exclude each other");
    if (options.reserve && !options.limit_name)
        return fail(ErrorCode::invalid_input, "--reserve needs --limit NAME");
    if (options.reserve && *options.reserve < 0)
        return fail(ErrorCode::invalid_input, "--reserve must not be negative");
    return {};
}

// --reserve resolved against `limits`; nullopt without --reserve. --hold is checked either way.
Result<std::optional<ReserveRequest>> reserve_request(const Options& options,
                                                      const LimitSettings& limits) {
    const auto hold = parse_duration(options.hold);
    if (!hold)
        return fail(ErrorCode::invalid_input, "--hold: " + hold.error().message);
    if (!options.reserve)
        return std::optional<ReserveRequest>();
    auto limit = LIFELINE_TRY(store_limit(*options.limit_name, limits, options.session));
    return std::optional<ReserveRequest>(ReserveRequest{std::move(limit), *options.reserve, *hold});
}

Result<RecordFilter> record_filter(const Options& options, SystemTime now) {
    RecordFilter filter{options.session, options.run_id, std::nullopt, std::nullopt};
    if (options.since)
        filter.since_ms = LIFELINE_TRY(parse_time_flag("--since", *options.since, now));
    if (options.until)
        filter.until_ms = LIFELINE_TRY(parse_time_flag("--until", *options.until, now));
    return filter;
}

}  // namespace

Result<int64_t> parse_time_flag(const std::string& flag, const std::string& text, SystemTime now) {
    if (auto time = parse_rfc3339(text))
        return to_unix_ms(*time);
    if (auto duration = parse_duration(text))
        return to_unix_ms(now) - duration->count();
    return fail(
        ErrorCode::invalid_input,
        flag + ": expected an RFC 3339 time or a duration such as 24h, got \"" + text + "\"");
}

Result<CheckPlan> plan_check(const Options& options, const config::Config& config, SystemTime now) {
    LimitSettings flags = options.limit_flags;
    flags.soft_threshold = options.soft_threshold.value_or(config.budget.soft_threshold);
    LimitSettings limits = merge_limits(config.budget, flags);
    LIFELINE_TRY_VOID(validate_limits(limits));
    LIFELINE_TRY_VOID(check_reservation_flags(options));
    auto reserve = LIFELINE_TRY(reserve_request(options, limits));
    auto filter = LIFELINE_TRY(record_filter(options, now));
    auto prices = LIFELINE_TRY(PriceTable::shipped());
    prices.apply_config(config);

    const bool has_logs = !options.claude_dirs.empty() || !options.codex_paths.empty() ||
                          !options.gemini_paths.empty();
    const bool wants_ledger = options.from_ledger || !has_logs;
    const bool needs_store = wants_ledger || options.reserve || options.settle || options.release;
    return CheckPlan{
        now,          std::move(limits), std::move(reserve), std::move(filter), std::move(prices),
        wants_ledger, needs_store};
}

}  // namespace lifeline::budget
