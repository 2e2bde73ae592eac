#include "step_proxy.hpp"

#include <ostream>

#include <unistd.h>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/util/strings.hpp>

#include "proxy_route.hpp"

namespace run_with_failover {

namespace {

using lifeline::ErrorCode;

// Whether a step goes through failover-proxy: --via proxy|direct, or auto = proxy when the lane
// has more than one candidate or one the agent cannot speak natively. A chain given with
// --chain has no lane for the proxy to serve: direct.
bool wants_proxy(const Options& options, const ChainPlan& plan, const AgentAdapter& adapter,
                 std::string& why) {
    if (options.via == "direct")
        return false;
    if (plan.lane.empty()) {
        why = "auto: an explicit --chain has no lane for the proxy to serve";
        return false;
    }
    if (options.via == "proxy") {
        why = "--via proxy";
        return true;
    }
    if (plan.chain.size() > 1) {
        why =
            "auto: lane " + plan.lane + " has " + std::to_string(plan.chain.size()) + " candidates";
        return true;
    }
    for (const auto& candidate : plan.chain) {
        if (!adapter.unusable_reason(candidate.provider).empty()) {
            why = "auto: " + candidate.candidate.label() + " speaks another API than the agent";
            return true;
        }
    }
    why = "auto: one candidate the agent speaks natively";
    return false;
}

// Starts the sidecar for `run_id`; the error says why (and the run falls back or stops).
lifeline::Result<std::unique_ptr<ProxySidecar>> start_sidecar(
    lifeline::Context& context, const Options& options, const lifeline::config::Config& config,
    const std::string& run_id, const std::string& session, const std::string& dir,
    const std::vector<std::string>& review_args) {
    const std::string binary = find_proxy_binary(context.env);
    if (binary.empty()) {
        return lifeline::fail(ErrorCode::not_found,
                              "failover-proxy not found (beside run-with-failover, on PATH, or "
                              "$LIFELINE_PROXY_BIN)");
    }
    LIFELINE_TRY_VOID(context.fs.create_directories(dir));
    SidecarSpec spec;
    spec.binary = binary;
    spec.log_file = dir + "/proxy.log";
    if (config.source != "<embedded default>")
        spec.args = {"--config", config.source};
    const std::vector<std::string> rest = {
        "--state",
        lifeline::app::state_url(context, options.common, config),
        "--access-log",
        dir + "/access.log",
        "--exit-with-parent",
        "--parent-pid",
        std::to_string(::getpid())};
    spec.args.insert(spec.args.end(), rest.begin(), rest.end());
    spec.args.insert(spec.args.end(), review_args.begin(), review_args.end());
    spec.env = context.env.all();
    spec.env["LIFELINE_RUN_ID"] = run_id;
    spec.env["LIFELINE_SESSION"] = session;
    return ProxySidecar::start(spec);
}

// The sidecar serves the same review: the author's vendors, already resolved here, so the
// proxy needs no access to the author's run.
std::vector<std::string> sidecar_review_args(const lifeline::routing::VendorRule& rule) {
    if (!rule.active())
        return {};
    std::vector<std::string> args = {"--avoid-vendor", lifeline::join(rule.avoid, ",")};
    if (rule.allow_same_vendor) {
        args.push_back("--review-fallback");
        args.push_back("same-vendor");
    }
    return args;
}

}  // namespace

lifeline::Result<std::unique_ptr<ProxySidecar>> choose_sidecar(lifeline::Context& context,
                                                               const Step& step) {
    std::string why;
    if (!wants_proxy(step.options, step.plan, *step.adapter, why)) {
        if (step.options.via != "direct")
            context.err << "run-with-failover: direct (" << why << ")\n";
        return std::unique_ptr<ProxySidecar>();
    }
    auto started = start_sidecar(context, step.options, step.config, step.run_id,
                                 session_id(step.options, context.env, step.run_id),
                                 private_dir(context.env, step.run_id) + "-proxy",
                                 sidecar_review_args(step.plan.vendor_rule));
    if (!started && step.options.via == "proxy")
        return lifeline::fail(started.error());
    if (!started) {
        context.err << "run-with-failover: warning: " << started.error().message
                    << "; running direct\n";
        return std::unique_ptr<ProxySidecar>();
    }
    context.err << "run-with-failover: via failover-proxy (" << why << "): lane " << step.plan.lane
                << " on " << (*started)->url() << ", " << step.plan.chain.size() << " candidates\n";
    return std::move(*started);
}

lifeline::routing::RouteCandidate serving_route(AgentKind kind, const ProxySidecar& sidecar,
                                                const ChainPlan& plan) {
    int64_t smallest = 0;
    for (const auto& candidate : plan.chain) {
        const int64_t window = candidate.model.context_window;
        if (window > 0 && (smallest == 0 || window < smallest))
            smallest = window;
    }
    auto route = proxy_candidate(kind, sidecar.url(), plan.lane);
    route.model.context_window = smallest;
    return route;
}

void stop_sidecar(lifeline::Context& context, std::unique_ptr<ProxySidecar>& sidecar,
                  const std::string& run_id) {
    if (!sidecar)
        return;
    sidecar->stop();
    sidecar.reset();
    (void)context.fs.remove_tree(private_dir(context.env, run_id) + "-proxy");
}

}  // namespace run_with_failover
