#include "budget_check.hpp"

#include <algorithm>
#include <thread>

#include <CLI/CLI.hpp>

#include <lifeline/output/prometheus.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/strings.hpp>

#include "ledger_usage.hpp"
#include "price_table.hpp"
#include "report.hpp"
#include "reservation.hpp"
#include "sources.hpp"
#include "summary.hpp"

namespace lifeline::budget {
namespace {

using nlohmann::json;

// RFC 3339, or a duration meaning "that long before now".
Result<int64_t> parse_time_flag(const std::string& flag, const std::string& text, SystemTime now) {
    if (auto time = parse_rfc3339(text))
        return to_unix_ms(*time);
    if (auto duration = parse_duration(text))
        return to_unix_ms(now) - duration->count();
    return fail(
        ErrorCode::invalid_input,
        flag + ": expected an RFC 3339 time or a duration such as 24h, got \"" + text + "\"");
}

int default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(cores, 1u, 8u));
}

// --settle / --release: no sources are read.
int settle_or_release(const Options& options, app::ToolRun& run, state::StateStore& store) {
    json reservation;
    std::string summary;
    if (options.settle) {
        if (!options.actual)
            return run.fail(make_error(ErrorCode::invalid_input, "--settle needs --actual N"));
        const Status settled = store.settle(*options.settle, *options.actual);
        if (!settled)
            return run.fail(settled.error());
        reservation = {{"action", "settled"}, {"id", *options.settle}, {"actual", *options.actual}};
        summary = "settled " + *options.settle;
    } else {
        const Status released = store.release(*options.release);
        if (!released)
            return run.fail(released.error());
        reservation = {{"action", "released"}, {"id", *options.release}};
        summary = "released " + *options.release;
    }
    run.document().data = {{"reservation", reservation}};
    return run.finish(output::RunStatus::ok, 0, summary);
}

}  // namespace

void setup_cli(CLI::App& app, Options& options) {
    app::add_common_options(app, options.common);
    app.add_option("--from-claude-projects", options.claude_dirs,
                   "Claude Code project logs (e.g. ~/.claude/projects); repeatable");
    app.add_option(
        "--from-codex", options.codex_paths,
        "Codex `exec --json` output or session files ($CODEX_HOME/sessions); repeatable");
    app.add_option("--from-gemini", options.gemini_paths,
                   "Gemini CLI --output-format json documents; repeatable");
    app.add_flag("--from-ledger", options.from_ledger,
                 "also read the state store's usage ledger (the default without other sources)");
    app.add_option("--session", options.session,
                   "only this session (and per-session limits on it)");
    app.add_option("--run-id", options.run_id, "only this run-with-failover run (ledger)");
    app.add_option("--since", options.since, "from this time: RFC 3339, or a duration like 24h");
    app.add_option("--until", options.until, "before this time: RFC 3339, or a duration");
    app.add_option("--model", options.default_model, "model of Codex exec output (names none)");
    LimitSettings& l = options.limit_flags;
    app.add_option("--session-tokens", l.session_tokens, "hard limit: tokens per session");
    app.add_option("--request-tokens", l.request_tokens, "hard limit: tokens of one request");
    app.add_option("--max-turns", l.max_turns, "hard limit: turns per session");
    app.add_option("--max-retries-per-request", l.max_retries_per_request,
                   "hard limit: retries within one run");
    app.add_option("--cost-session", l.cost_session, "hard limit: USD per session");
    app.add_option("--cost-daily", l.cost_daily, "hard limit: USD today (UTC)");
    app.add_option("--cost-monthly", l.cost_monthly, "hard limit: USD this month (UTC)");
    app.add_option("--soft-threshold", options.soft_threshold,
                   "warn from this fraction of a limit (default: config, 0.8)");
    app.add_option("--reserve", options.reserve, "hold N (tokens or USD) against --limit");
    app.add_option("--limit", options.limit_name,
                   "the limit to reserve against: " + join(reservable_limits(), ", "));
    app.add_option("--hold", options.hold, "a reservation not settled by then expires (1h)");
    app.add_option("--settle", options.settle, "settle reservation ID with --actual N");
    app.add_option("--actual", options.actual, "what the reserved step really spent");
    app.add_option("--release", options.release, "give reservation ID back");
    app.add_option("--prometheus", options.prometheus, "also write metrics to FILE.prom");
    app.add_option("--jobs", options.jobs, "parallel file readers (default: one per core)")
        ->check(CLI::Range(0, 256));
    app.add_option("--top", options.top_sessions, "sessions listed in by_session (50)");
}

int run(const Options& options, Context& context) {
    app::ToolRun run(context, k_tool_info.name, options.common);
    auto config = app::load_config(context, options.common);
    if (!config)
        return run.fail(config.error());

    LimitSettings flags = options.limit_flags;
    flags.soft_threshold = options.soft_threshold.value_or(config->budget.soft_threshold);
    const LimitSettings limits = merge_limits(config->budget, flags);
    if (const Status valid = validate_limits(limits); !valid)
        return run.fail(valid.error());
    if (options.settle && options.release)
        return run.fail(
            make_error(ErrorCode::invalid_input, "--settle and --release exclude each other"));
    if (options.reserve && !options.limit_name)
        return run.fail(make_error(ErrorCode::invalid_input, "--reserve needs --limit NAME"));
    if (options.reserve && *options.reserve < 0)
        return run.fail(make_error(ErrorCode::invalid_input, "--reserve must not be negative"));
    const auto hold = parse_duration(options.hold);
    if (!hold)
        return run.fail(make_error(ErrorCode::invalid_input, "--hold: " + hold.error().message));
    std::optional<state::BudgetLimit> reserve_limit;
    if (options.reserve) {
        auto limit = store_limit(*options.limit_name, limits, options.session);
        if (!limit)
            return run.fail(limit.error());
        reserve_limit = *limit;
    }
    const SystemTime now = context.clock.now();
    RecordFilter filter{options.session, options.run_id, std::nullopt, std::nullopt};
    if (options.since) {
        auto since = parse_time_flag("--since", *options.since, now);
        if (!since)
            return run.fail(since.error());
        filter.since_ms = *since;
    }
    if (options.until) {
        auto until = parse_time_flag("--until", *options.until, now);
        if (!until)
            return run.fail(until.error());
        filter.until_ms = *until;
    }
    auto prices = PriceTable::shipped();
    if (!prices)
        return run.fail(prices.error());
    prices->apply_config(*config);

    // The store is opened only when something needs it.
    const bool has_logs = !options.claude_dirs.empty() || !options.codex_paths.empty() ||
                          !options.gemini_paths.empty();
    const bool wants_ledger = options.from_ledger || !has_logs;
    const bool needs_store = wants_ledger || options.reserve || options.settle || options.release;
    std::unique_ptr<state::StateStore> owned_store;
    state::StateStore* store = options.store;
    if (needs_store && !store) {
        auto opened = app::open_state(context, options.common, *config);
        if (!opened)
            return run.fail(opened.error());
        owned_store = std::move(*opened);
        store = owned_store.get();
    }
    if (options.settle || options.release)
        return settle_or_release(options, run, *store);

    std::shared_ptr<const LogOpener> opener = options.opener;
    if (!opener)
        opener = make_posix_opener();
    LogSources request{options.claude_dirs, options.codex_paths, options.gemini_paths,
                       options.default_model, options.jobs > 0 ? options.jobs : default_jobs()};
    auto collected = collect_log_sources(context.fs, *opener, request);
    if (!collected)
        return run.fail(collected.error());
    std::vector<UsageRecord> records = std::move(collected->records);
    std::vector<SourceDiagnostics> sources = std::move(collected->sources);
    if (wants_ledger) {
        state::LedgerQuery query;
        query.session = options.session;
        query.run_id = options.run_id;
        auto entries = store->query_ledger(query);
        if (!entries)
            return run.fail(entries.error());
        SourceDiagnostics ledger;
        ledger.kind = SourceKind::ledger;
        ledger.path = store->describe();
        auto ledger_records = records_from_ledger(*entries);
        ledger.lines = ledger.records = static_cast<int64_t>(ledger_records.size());
        std::move(ledger_records.begin(), ledger_records.end(), std::back_inserter(records));
        sources.push_back(std::move(ledger));
    }
    filter_records(records, filter);

    const Summary summary = summarise(records, *prices, *config);
    const std::vector<LimitResult> results = evaluate_limits(limits, summary, now, options.session);
    Report report{summary, results, sources, options.top_sessions, nullptr};

    std::optional<state::Reservation> reservation;
    if (reserve_limit) {
        auto granted = store->reserve(*reserve_limit, *options.reserve, *hold);
        if (!granted)
            return run.fail(granted.error());
        reservation = *granted;
        report.reservation = {{"action", "reserve"},
                              {"limit", reserve_limit->name},
                              {"amount", *options.reserve},
                              {"granted", granted->granted},
                              {"id", granted->id},
                              {"used", granted->used},
                              {"limit_value", reserve_limit->limit},
                              {"remaining", granted->remaining}};
    }

    run.document().data = report_data(report);
    run.set_text(report_text(report));
    run.add_summary(report_markdown(report));

    std::vector<std::string> crossed;
    bool warned = false;
    for (const auto& limit : results) {
        if (limit.state == LimitState::exceeded) {
            crossed.push_back(limit.describe());
            run.add_error("budget_exceeded", limit.describe());
            run.annotate(output::AnnotationLevel::error, "budget exceeded", limit.describe());
        } else if (limit.state == LimitState::warning) {
            warned = true;
            run.annotate(output::AnnotationLevel::warning, "budget nearly spent", limit.describe());
        }
    }
    for (const auto& source : sources) {
        if (source.malformed > 0)
            context.err << "budget-check: " << source.malformed << " malformed line(s) in "
                        << source.path << (source.malformed_examples.empty() ? "" : ", first: ")
                        << (source.malformed_examples.empty() ? "" : source.malformed_examples[0])
                        << "\n";
    }
    const bool refused = reservation && !reservation->granted;
    output::RunStatus status = output::RunStatus::ok;
    int exit_code = 0;
    std::string headline = report_headline(report);
    if (!crossed.empty()) {
        status = output::RunStatus::failed;
        exit_code = 1;
        headline = "budget exceeded: " + join(crossed, "; ");
    } else if (refused) {
        status = output::RunStatus::failed;
        exit_code = 1;
        headline = "reservation refused: " + std::to_string(*options.reserve) + " does not fit " +
                   reserve_limit->name + " (remaining " + std::to_string(reservation->remaining) +
                   ")";
        run.add_error("budget_exceeded", headline);
    } else if (warned) {
        status = output::RunStatus::degraded;
    }
    auto outputs = report_outputs(report, to_string(status));
    if (reservation && reservation->granted)
        outputs.emplace_back("reservation_id", reservation->id);
    for (const auto& [name, value] : outputs) {
        run.set_output(name, value);
        std::string key = "LIFELINE_BUDGET_" + name;
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        run.add_dotenv(key, value);
    }
    if (options.prometheus) {
        const Status written = output::write_prometheus_textfile(
            context.fs, *options.prometheus, report_metrics(report), run.redactor());
        if (!written)
            return run.fail(written.error());
    }
    return run.finish(status, exit_code, headline);
}

}  // namespace lifeline::budget
