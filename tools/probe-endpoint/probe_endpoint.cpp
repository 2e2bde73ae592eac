#include "probe_endpoint.hpp"

#include <memory>

#include <CLI/CLI.hpp>

#include <lifeline/probe/cost.hpp>
#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/provider/credential.hpp>

#include "observations.hpp"
#include "publish.hpp"
#include "report.hpp"

namespace probe_endpoint {

using lifeline::app::ToolRun;
using lifeline::probe::k_embedded_source;
using lifeline::probe::ProbePlan;
using lifeline::probe::select_targets;

namespace {

// Observations go to a store the user pointed at (--state, $LIFELINE_STATE) or to the one of a
// real config file; the built-in default alone never creates .lifeline/ in a checkout.
bool wants_state(const Options& options, const lifeline::Context& context,
                 const lifeline::config::Config& config) {
    if (options.no_state)
        return false;
    return options.common.state_url || context.env.get_non_empty("LIFELINE_STATE") ||
           config.source != k_embedded_source;
}

void record_health(ToolRun& run, const Options& options, const lifeline::config::Config& config,
                   const std::vector<ProbeResult>& results) {
    lifeline::Context& context = run.context();
    if (!wants_state(options, context, config))
        return;
    const auto observations = observations_of(results, context.clock.now());
    if (observations.empty())
        return;
    auto store = lifeline::app::open_state(context, options.common, config);
    lifeline::Status recorded = store ? record_observations(**store, observations)
                                      : lifeline::Status(lifeline::fail(store.error()));
    if (!recorded) {
        // Probing worked; a store that is down must not turn a healthy pre-flight red.
        const std::string message = "health not recorded: " + recorded.error().to_string();
        context.err << "probe-endpoint: warning: " << run.redactor().redact(message) << "\n";
        run.add_error("state", message);
    }
}

void apply_all_conditions(std::vector<ProbeResult>& results, const Settings& settings,
                          const std::map<std::string, std::vector<Condition>>& per_provider) {
    for (ProbeResult& result : results) {
        apply_conditions(result, settings.conditions);
        if (auto found = per_provider.find(result.provider); found != per_provider.end())
            apply_conditions(result, found->second);
    }
}

}  // namespace

void setup_cli(CLI::App& app, Options& options) {
    lifeline::app::add_common_options(app, options.common);
    app.add_option("--provider", options.providers, "probe only these providers (a,b)")
        ->delimiter(',');
    app.add_option("--model", options.models, "probe these models (m or m1,m2) on their providers")
        ->delimiter(',');
    app.add_option("--lane", options.lane, "probe the models of this lane");
    app.add_option("--probe", options.probes,
                   "probe kinds: auth (default, free), generate, stream, tools, key");
    app.add_option("--timeout", options.timeout, "per-probe timeout (default 10s)");
    app.add_option("--deadline", options.deadline, "overall deadline for the whole run");
    app.add_option("--require", options.require,
                   "condition every result must meet, e.g. \"latency_ms < 3000\" (repeatable)");
    app.add_option("--require-healthy", options.require_healthy,
                   "how many targets must be healthy: any (default), all or a number");
    app.add_option("--junit", options.junit_path, "write a JUnit report (one case per target)");
    app.add_option("--prometheus", options.prometheus_path,
                   "write a Prometheus textfile (.prom) in blackbox_exporter style");
    app.add_flag("--no-state", options.no_state, "do not record observations in the state store");
}

int run(const Options& options, lifeline::Context& context) {
    ToolRun run(context, k_tool.name, options.common);
    auto settings = parse_settings(options);
    if (!settings)
        return run.fail(settings.error());
    auto config = lifeline::app::load_config(context, options.common);
    if (!config)
        return run.fail(config.error());
    auto per_provider = provider_conditions(*config);
    if (!per_provider)
        return run.fail(per_provider.error());
    auto plan =
        select_targets(*config, {options.providers, options.models, options.lane}, context.env);
    if (!plan)
        return run.fail(plan.error());

    ProbeReport report;
    report.requirement = settings->requirement;
    report.skipped = plan->skipped;
    const ProbePlan probes = plan_probes(plan->targets, settings->kinds);
    report.skipped.insert(report.skipped.end(), probes.skipped.begin(), probes.skipped.end());

    lifeline::provider::CredentialResolver credentials(context.env, context.processes,
                                                       context.clock);
    report.results =
        run_probes(probes.probes, settings->run, context.clock, context.http, credentials,
                   [&run](const lifeline::secret::Secret& secret) { run.track_secret(secret); });
    apply_all_conditions(report.results, *settings, *per_provider);
    report.targets = assess_targets(plan->targets, report.results);
    report.verdict = decide(report.requirement, report.targets, plan->skipped.size());
    report.cost = summarise_cost(report.results, *config);
    record_health(run, options, *config, report.results);

    int exit_code = report.verdict.exit_code;
    lifeline::output::RunStatus status = report.verdict.status;
    if (lifeline::Status written =
            publish_report(run, report, options.junit_path, options.prometheus_path);
        !written) {
        context.err << "probe-endpoint: error: "
                    << run.redactor().redact(written.error().to_string()) << "\n";
        run.add_error("output", written.error().to_string());
        if (exit_code == 0) {
            exit_code = 1;
            status = lifeline::output::RunStatus::error;
        }
    }
    for (const TargetHealth& target : report.targets) {
        if (target.health != Health::healthy)
            run.add_error(target.failure_class,
                          target.name + ": " + target.failed_probe + ": " + target.message);
    }
    return run.finish(status, exit_code, report.verdict.summary);
}

}  // namespace probe_endpoint
