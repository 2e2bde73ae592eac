#include "pick_provider.hpp"

#include <CLI/CLI.hpp>

#include <lifeline/app/review_options.hpp>
#include <lifeline/config/codex_import.hpp>
#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/probe/probe_runner.hpp>
#include <lifeline/probe/targets.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/routing/agent_env.hpp>
#include <lifeline/routing/store_health.hpp>
#include <lifeline/util/strings.hpp>

#include "decision_report.hpp"
#include "health_sources.hpp"
#include "proxy_emit.hpp"

namespace pick_provider {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::app::OutputFormat;
using lifeline::routing::Decision;
using lifeline::routing::HealthMap;

void setup_cli(CLI::App& app, Options& options) {
    lifeline::app::add_common_options(app, options.common,
                                      {OutputFormat::json, OutputFormat::text, OutputFormat::env});
    app.add_option("--lane", options.lane, "Lane of lifeline.yaml to choose from");
    app.add_option("--chain", options.chain, "Explicit chain of model names (m1,m2)")
        ->delimiter(',');
    app.add_option("--min-context", options.min_context, "Minimum context window in tokens")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--need", options.needs, "Capabilities every candidate must have (tools,...)")
        ->delimiter(',');
    app.add_option("--deny-jurisdiction", options.deny,
                   "Jurisdictions to exclude, on top of policy.deny_jurisdictions")
        ->delimiter(',');
    app.add_option("--region", options.region, "Only providers serving this region (eu, us-east)");
    app.add_option("--max-price", options.max_price, "Max USD per 1M tokens as IN/OUT, e.g. 3/15");
    app.add_option("--strategy", options.strategy, "ordered|latency|cost|weighted")
        ->capture_default_str();
    auto* results = app.add_option("--probe-results", options.probe_results,
                                   "Health from a probe-endpoint status document");
    app.add_flag("--probe", options.probe, "Probe the candidates now (auth probe, in parallel)")
        ->excludes(results);
    app.add_option("--probe-timeout", options.probe_timeout, "Per-probe timeout with --probe")
        ->capture_default_str();
    app.add_flag("--no-state", options.no_state, "Do not read health from the state store");
    app.add_option("--emit", options.emit, "codex-profile|codex-args|claude-env|gemini-env");
    app.add_option("--codex-home", options.codex_home,
                   "Where --emit codex-profile writes NAME.config.toml (default $CODEX_HOME)");
    app.add_option("--profile-name", options.profile_name, "Codex profile name")
        ->capture_default_str();
    app.add_option("--codex-config", options.codex_config,
                   "Import a Codex config.toml's providers and profiles as candidates");
    app.add_option("--stream-idle-timeout", options.stream_idle_timeout,
                   "Codex stream_idle_timeout_ms in emitted Codex configuration")
        ->capture_default_str();
    app.add_option("--via", options.via,
                   "With --emit and --lane: point the agent at the failover-proxy running at URL, "
                   "the lane as its model (token from $LIFELINE_PROXY_TOKEN)");
    lifeline::app::add_review_options(app, options.review);
}

namespace {

// --via hands the choice to the proxy, per request: a flag that only shapes the decision made
// here would be silently ignored, so it is refused.
lifeline::Result<std::string> parse_via(const Options& options) {
    if (options.emit.empty())
        return fail(ErrorCode::invalid_input,
                    "--via needs --emit (codex-profile, codex-args, claude-env or gemini-env)");
    if (options.lane.empty())
        return fail(ErrorCode::invalid_input,
                    "--via needs --lane (the lane the agent asks the proxy for as its model)");
    const std::pair<bool, const char*> decision_flags[] = {
        {options.min_context > 0, "--min-context"},
        {!options.needs.empty(), "--need"},
        {!options.deny.empty(), "--deny-jurisdiction"},
        {!options.region.empty(), "--region"},
        {!options.max_price.empty(), "--max-price"},
        {options.probe_results.has_value(), "--probe-results"},
        {options.probe, "--probe"},
        {options.codex_config.has_value(), "--codex-config"},
        {!options.review.review_of.empty(), "--review-of"},
        {!options.review.avoid_vendor.empty(), "--avoid-vendor"},
    };
    for (const auto& [given, flag] : decision_flags) {
        if (given)
            return fail(ErrorCode::invalid_input,
                        std::string("--via and ") + flag +
                            " exclude each other: the proxy chooses among the lane's candidates "
                            "for every request");
    }
    return parse_proxy_url(*options.via);
}

}  // namespace

lifeline::Result<Settings> parse_settings(const Options& options) {
    Settings settings;
    auto strategy = lifeline::routing::parse_strategy(options.strategy);
    if (!strategy) {
        return fail(ErrorCode::invalid_input,
                    "--strategy \"" + options.strategy + "\": expected one of " +
                        lifeline::join(lifeline::routing::all_strategy_names(), ", "));
    }
    settings.strategy = *strategy;
    if (!options.emit.empty())
        settings.emit = LIFELINE_TRY(parse_emit_kind(options.emit));
    if (!options.lane.empty() && !options.chain.empty())
        return fail(ErrorCode::invalid_input, "--lane and --chain exclude each other");
    if (options.via)  // given empty (an unset variable) is an error, not "no proxy"
        settings.via_url = LIFELINE_TRY(parse_via(options));

    lifeline::routing::Constraints& constraints = settings.constraints;
    constraints.min_context = options.min_context;
    for (const std::string& need : options.needs) {
        const auto& known = lifeline::config::known_capabilities();
        if (std::find(known.begin(), known.end(), need) == known.end()) {
            const std::string close = lifeline::closest_match(need, known);
            return fail(ErrorCode::invalid_input,
                        "--need \"" + need + "\": unknown capability" +
                            (close.empty() ? " (known: " + lifeline::join(known, ", ") + ")"
                                           : " (did you mean \"" + close + "\"?)"));
        }
        constraints.needs.push_back(need);
    }
    constraints.deny_jurisdictions = options.deny;
    constraints.region = options.region;
    if (!options.max_price.empty())
        constraints =
            LIFELINE_TRY(lifeline::routing::with_max_price(constraints, options.max_price));
    if (settings.emit && !settings.via_url)
        restrict_to_agent(constraints, *settings.emit);

    auto timeout = lifeline::parse_duration(options.probe_timeout);
    if (!timeout || timeout->count() == 0)
        return fail(ErrorCode::invalid_input, "--probe-timeout \"" + options.probe_timeout +
                                                  "\": expected a duration such as 10s");
    settings.probe_timeout = *timeout;
    auto idle = lifeline::parse_duration(options.stream_idle_timeout);
    if (!idle || idle->count() == 0)
        return fail(ErrorCode::invalid_input, "--stream-idle-timeout \"" +
                                                  options.stream_idle_timeout +
                                                  "\": expected a duration such as 5m");
    settings.stream_idle_timeout = *idle;

    settings.review = LIFELINE_TRY(lifeline::routing::review_author_from_flags(options.review));
    return settings;
}

namespace {

// stdout carries the emitted text itself for the printing kinds, so a pipeline can
// `eval "$(pick-provider --emit claude-env)"`.
bool prints_emit(const Settings& settings) {
    return settings.emit && *settings.emit != EmitKind::codex_profile;
}

lifeline::Result<HealthMap> probe_now(const lifeline::config::Config& config,
                                      const lifeline::routing::CandidateList& candidates,
                                      const Settings& settings, lifeline::app::ToolRun& run) {
    std::vector<std::string> models;
    for (const auto& route : candidates.candidates)
        models.push_back(route.candidate.model);
    if (models.empty())
        return HealthMap();
    lifeline::Context& context = run.context();
    const lifeline::probe::TargetPlan targets =
        LIFELINE_TRY(lifeline::probe::select_targets(config, {{}, models, ""}, context.env));
    const lifeline::probe::ProbePlan plan =
        lifeline::probe::plan_probes(targets.targets, {lifeline::probe::ProbeKind::auth});
    lifeline::provider::CredentialResolver credentials(context.env, context.processes,
                                                       context.clock);
    const std::vector<lifeline::probe::ProbeResult> results = lifeline::probe::run_probes(
        plan.probes, {settings.probe_timeout, std::nullopt}, context.clock, context.http,
        credentials, [&](const lifeline::secret::Secret& secret) { run.track_secret(secret); });
    return health_from_lines(probe_lines(results), candidates.candidates, "probe");
}

// Health from the source the flags name; problems with the (optional) state store are warnings.
lifeline::Result<HealthMap> gather_health(const Options& options, const Settings& settings,
                                          const lifeline::config::Config& config,
                                          const lifeline::routing::CandidateList& candidates,
                                          lifeline::app::ToolRun& run, std::string& source,
                                          std::vector<std::string>& warnings) {
    lifeline::Context& context = run.context();
    if (options.probe_results) {
        source = "probe-results";
        const std::string text = LIFELINE_TRY(context.fs.read_file(*options.probe_results));
        const std::vector<ProbeLine> lines =
            LIFELINE_TRY(parse_probe_document(text, *options.probe_results));
        return health_from_lines(lines, candidates.candidates, source);
    }
    if (options.probe) {
        source = "probe";
        return probe_now(config, candidates, settings, run);
    }
    source = "none";
    if (options.no_state)
        return HealthMap();
    auto store = lifeline::app::open_state(context, options.common, config);
    if (!store) {
        warnings.push_back("health unknown: " + store.error().to_string());
        return HealthMap();
    }
    auto health = lifeline::routing::health_from_store(**store, candidates.candidates,
                                                       config.circuit, context.clock.now());
    if (!health) {
        warnings.push_back("health unknown: " + health.error().to_string());
        return HealthMap();
    }
    source = "state";
    return health;
}

// The review constraint: the author's vendors from --avoid-vendor and, for --review-of, the
// ledger of the state store (opened only then).
lifeline::Result<lifeline::routing::VendorRule> review_rule(const Options& options,
                                                            const Settings& settings,
                                                            const lifeline::config::Config& config,
                                                            const std::string& lane,
                                                            lifeline::app::ToolRun& run) {
    std::unique_ptr<lifeline::state::StateStore> store;
    if (!settings.review.review_of.empty()) {
        if (options.no_state)
            return fail(ErrorCode::invalid_input,
                        "--review-of reads the state store: drop --no-state, or pass the author's "
                        "vendors with --avoid-vendor");
        store = LIFELINE_TRY(lifeline::app::open_state(run.context(), options.common, config));
    }
    return lifeline::routing::resolve_vendor_rule(settings.review, store.get(), config, lane);
}

// --emit codex-profile writes into the Codex home; the other kinds print. "" for those.
lifeline::Result<std::string> emit_home(const Options& options, EmitKind kind,
                                        const lifeline::Environment& env) {
    if (kind != EmitKind::codex_profile)
        return std::string();
    return codex_home(options.codex_home, env);
}

// The emitted text to its file (codex-profile) or stdout, and data.emitted saying which.
lifeline::Status publish_emitted(lifeline::app::ToolRun& run, const Emitted& emitted,
                                 const std::string& profile_name) {
    nlohmann::json info = {{"kind", to_string(emitted.kind)}};
    if (!emitted.path.empty()) {
        LIFELINE_TRY_VOID(run.context().fs.write_file_atomic(emitted.path, emitted.text));
        info["path"] = emitted.path;
        info["profile"] = profile_name;
        run.set_output("codex_profile", profile_name);
    } else {
        run.set_plain_output(emitted.text);
    }
    run.document().data["emitted"] = info;
    return {};
}

// --via: nothing is chosen here; the configuration names the lane and the proxy at the URL,
// which runs the lane's chain for every request.
int emit_for_proxy(const Options& options, const Settings& settings,
                   const lifeline::config::Config& config, lifeline::app::ToolRun& run) {
    auto lane = proxy_lane(config, options.lane);
    if (!lane)
        return run.fail(lane.error());
    auto home = emit_home(options, *settings.emit, run.context().env);
    if (!home)
        return run.fail(home.error());
    auto emitted = render_proxy_emit(*settings.emit, *settings.via_url, *lane,
                                     settings.stream_idle_timeout, *home, options.profile_name);
    if (!emitted)
        return run.fail(emitted.error());

    nlohmann::json& data = run.document().data;
    data = {{"lane", lane->name},
            {"via", *settings.via_url},
            {"background_lane", lane->background},
            {"context_window", nullptr}};
    if (lane->context_window > 0)
        data["context_window"] = lane->context_window;
    const std::string summary =
        "lane " + lane->name + " through the failover-proxy at " + *settings.via_url;
    run.set_text(summary + "\n");
    if (auto published = publish_emitted(run, *emitted, options.profile_name); !published)
        return run.fail(published.error());
    return run.finish(lifeline::output::RunStatus::ok, 0, summary);
}

}  // namespace

int run(const Options& options, lifeline::Context& context) {
    auto settings = parse_settings(options);
    lifeline::app::CommonOptions common = options.common;
    if (settings && prints_emit(*settings))
        common.format = OutputFormat::env;
    lifeline::app::ToolRun run(context, k_tool.name, common);
    if (!settings)
        return run.fail(settings.error());

    auto loaded = lifeline::app::load_config(context, options.common);
    if (!loaded)
        return run.fail(loaded.error());
    lifeline::config::Config config = std::move(loaded).value();
    if (settings->via_url)
        return emit_for_proxy(options, *settings, config, run);

    std::vector<std::string> warnings;
    lifeline::routing::CandidateSource source{options.lane, options.chain};
    if (options.codex_config) {
        auto text = context.fs.read_file(*options.codex_config);
        if (!text)
            return run.fail(lifeline::make_error(ErrorCode::invalid_input,
                                                 "--codex-config: " + text.error().to_string()));
        auto imported = lifeline::config::parse_codex_config(*text, *options.codex_config);
        if (!imported)
            return run.fail(imported.error());
        for (std::string& warning : lifeline::config::merge_codex_import(config, *imported))
            warnings.push_back(std::move(warning));
        if (source.lane.empty() && source.chain.empty())
            source.lane = lifeline::config::k_codex_lane;
    }

    auto candidates = lifeline::routing::build_candidates(config, source);
    if (!candidates)
        return run.fail(candidates.error());

    lifeline::routing::RoutingRequest request;
    request.candidates = *candidates;
    request.constraints = settings->constraints;
    for (const std::string& denied : config.policy.deny_jurisdictions)
        request.constraints.deny_jurisdictions.push_back(denied);
    request.strategy = settings->strategy;
    request.diversity = config.policy.diversity;
    auto rule = review_rule(options, *settings, config, candidates->lane, run);
    if (!rule)
        return run.fail(rule.error());
    request.vendor_rule = std::move(rule).value();

    std::string health_source;
    auto health =
        gather_health(options, *settings, config, *candidates, run, health_source, warnings);
    if (!health)
        return run.fail(health.error());
    request.health = std::move(health).value();

    Decision decision = lifeline::routing::decide_route(request);
    warnings.insert(warnings.end(), decision.warnings.begin(), decision.warnings.end());
    decision.warnings = warnings;
    const std::string lane = candidates->lane;
    for (const std::string& warning : decision.warnings) {
        context.err << k_tool.name << ": warning: " << run.redactor().redact(warning) << "\n";
        run.annotate(lifeline::output::AnnotationLevel::warning, "pick-provider", warning);
    }

    run.document().data = decision_data(decision, lane, health_source);
    const std::string summary = decision_summary(decision, lane);
    run.set_text(render_decision_text(decision, lane));
    if (!decision.has_choice()) {
        for (const auto& rejection : decision.rejected)
            run.add_error("no_candidate", rejection.summary());
        if (decision.rejected.empty())
            run.add_error("no_candidate", summary);
        return run.finish(lifeline::output::RunStatus::failed,
                          lifeline::to_int(lifeline::ExitCode::failed), summary);
    }

    publish_decision(run, decision, lane);
    run.set_plain_output(lifeline::routing::render_shell_assignments(
        lifeline::routing::lifeline_env(decision, lane)));
    if (settings->emit) {
        auto home = emit_home(options, *settings->emit, context.env);
        if (!home)
            return run.fail(home.error());
        auto emitted = render_emit(*settings->emit, decision, config, lane,
                                   settings->stream_idle_timeout, *home, options.profile_name);
        if (!emitted)
            return run.fail(emitted.error());
        if (auto published = publish_emitted(run, *emitted, options.profile_name); !published)
            return run.fail(published.error());
    }
    const auto status = decision.warnings.empty() ? lifeline::output::RunStatus::ok
                                                  : lifeline::output::RunStatus::degraded;
    return run.finish(status, 0, summary);
}

}  // namespace pick_provider
