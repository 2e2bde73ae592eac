#include "pick_provider.hpp"

#include <CLI/CLI.hpp>

#include <lifeline/app/review_options.hpp>
#include <lifeline/config/codex_import.hpp>
#include <lifeline/util/strings.hpp>

#include "gather_health.hpp"
#include "proxy_emit.hpp"
#include "publish.hpp"

namespace pick_provider {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::app::OutputFormat;
using lifeline::routing::Decision;
using lifeline::routing::RoutingRequest;

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

// The candidates of --lane or --chain; with --codex-config, its providers and profiles are
// merged into `config` first (their warnings appended) and are the default lane.
lifeline::Result<lifeline::routing::CandidateList> gather_candidates(
    const Options& options, lifeline::config::Config& config, lifeline::Context& context,
    std::vector<std::string>& warnings) {
    lifeline::routing::CandidateSource source{options.lane, options.chain};
    if (options.codex_config) {
        auto text = context.fs.read_file(*options.codex_config);
        if (!text)
            return fail(ErrorCode::invalid_input, "--codex-config: " + text.error().to_string());
        auto imported =
            LIFELINE_TRY(lifeline::config::parse_codex_config(*text, *options.codex_config));
        for (std::string& warning : lifeline::config::merge_codex_import(config, imported))
            warnings.push_back(std::move(warning));
        if (source.lane.empty() && source.chain.empty())
            source.lane = lifeline::config::k_codex_lane;
    }
    return lifeline::routing::build_candidates(config, source);
}

// What decide_route needs besides health: the candidates, the flags' constraints plus the
// policy's denied jurisdictions, the strategy, diversity and the review rule.
lifeline::Result<RoutingRequest> routing_request(const Options& options, const Settings& settings,
                                                 lifeline::config::Config& config,
                                                 lifeline::app::ToolRun& run,
                                                 std::vector<std::string>& warnings) {
    RoutingRequest request;
    request.candidates = LIFELINE_TRY(gather_candidates(options, config, run.context(), warnings));
    request.constraints = settings.constraints;
    for (const std::string& denied : config.policy.deny_jurisdictions)
        request.constraints.deny_jurisdictions.push_back(denied);
    request.strategy = settings.strategy;
    request.diversity = config.policy.diversity;
    request.vendor_rule =
        LIFELINE_TRY(review_rule(options, settings, config, request.candidates.lane, run));
    return request;
}

// decide_route, with the warnings gathered on the way placed before the decision's own.
Decision decide(const RoutingRequest& request, std::vector<std::string> warnings) {
    Decision decision = lifeline::routing::decide_route(request);
    warnings.insert(warnings.end(), decision.warnings.begin(), decision.warnings.end());
    decision.warnings = std::move(warnings);
    return decision;
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
    auto request = routing_request(options, *settings, config, run, warnings);
    if (!request)
        return run.fail(request.error());
    auto health = gather_health(options, *settings, config, request->candidates, run);
    if (!health)
        return run.fail(health.error());
    request->health = std::move(health->health);
    warnings.insert(warnings.end(), health->warnings.begin(), health->warnings.end());

    const Decision decision = decide(*request, std::move(warnings));
    return publish_outcome(options, *settings, config, decision, request->candidates.lane,
                           health->source, run);
}

}  // namespace pick_provider
