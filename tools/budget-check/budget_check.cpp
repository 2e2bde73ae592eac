#include "budget_check.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <lifeline/util/strings.hpp>

#include "check_plan.hpp"
#include "decision.hpp"
#include "gather.hpp"
#include "publish.hpp"
#include "reservation.hpp"

namespace lifeline::budget {
namespace {

using nlohmann::json;

// The store a run uses: options.store (a test's) when set, else the configured one, opened
// only when plan.needs_store and kept alive by `owned`; null when none is needed.
Result<state::StateStore*> open_store(const Options& options, const CheckPlan& plan,
                                      const config::Config& config, Context& context,
                                      std::unique_ptr<state::StateStore>& owned) {
    if (!plan.needs_store || options.store)
        return options.store;
    owned = LIFELINE_TRY(app::open_state(context, options.common, config));
    return owned.get();
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

// validate -> (settle or release) -> gather -> decide -> publish.
int run(const Options& options, Context& context) {
    app::ToolRun run(context, k_tool_info.name, options.common);
    auto config = app::load_config(context, options.common);
    if (!config)
        return run.fail(config.error());
    auto plan = plan_check(options, *config, context.clock.now());
    if (!plan)
        return run.fail(plan.error());
    std::unique_ptr<state::StateStore> owned_store;
    auto store = open_store(options, *plan, *config, context, owned_store);
    if (!store)
        return run.fail(store.error());
    if (options.settle || options.release)
        return settle_or_release(options, run, **store);

    auto gathered = gather_records(options, *plan, context.fs, *store);
    if (!gathered)
        return run.fail(gathered.error());
    auto decision = decide(gathered->records, *plan, *config, *store);
    if (!decision)
        return run.fail(decision.error());
    return publish(run, options, *decision, gathered->sources);
}

}  // namespace lifeline::budget
