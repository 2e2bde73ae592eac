// gather_health and the probes it sends for --probe.
#include "gather_health.hpp"

#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/probe/probe_runner.hpp>
#include <lifeline/probe/targets.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/routing/store_health.hpp>

#include "health_sources.hpp"

namespace pick_provider {

using lifeline::routing::HealthMap;

namespace {

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

// The state store is optional: when it cannot be opened or read, health is unknown.
GatheredHealth health_from_state(const Options& options, const lifeline::config::Config& config,
                                 const lifeline::routing::CandidateList& candidates,
                                 lifeline::Context& context) {
    GatheredHealth gathered;
    gathered.source = "none";
    if (options.no_state)
        return gathered;
    auto store = lifeline::app::open_state(context, options.common, config);
    if (!store) {
        gathered.warnings.push_back("health unknown: " + store.error().to_string());
        return gathered;
    }
    auto health = lifeline::routing::health_from_store(**store, candidates.candidates,
                                                       config.circuit, context.clock.now());
    if (!health) {
        gathered.warnings.push_back("health unknown: " + health.error().to_string());
        return gathered;
    }
    gathered.health = std::move(health).value();
    gathered.source = "state";
    return gathered;
}

}  // namespace

lifeline::Result<GatheredHealth> gather_health(const Options& options, const Settings& settings,
                                               const lifeline::config::Config& config,
                                               const lifeline::routing::CandidateList& candidates,
                                               lifeline::app::ToolRun& run) {
    if (options.probe_results) {
        GatheredHealth gathered;
        gathered.source = "probe-results";
        const std::string text = LIFELINE_TRY(run.context().fs.read_file(*options.probe_results));
        const std::vector<ProbeLine> lines =
            LIFELINE_TRY(parse_probe_document(text, *options.probe_results));
        gathered.health = health_from_lines(lines, candidates.candidates, gathered.source);
        return gathered;
    }
    if (options.probe) {
        GatheredHealth gathered;
        gathered.source = "probe";
        gathered.health = LIFELINE_TRY(probe_now(config, candidates, settings, run));
        return gathered;
    }
    return health_from_state(options, config, candidates, run.context());
}

}  // namespace pick_provider
