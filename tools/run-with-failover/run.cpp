// The driver: flags and config in, the chain planned, the loop run in command or request
// mode, the status document and step outputs out.

#include <memory>
#include <optional>
#include <ostream>

#include <lifeline/app/tool_main.hpp>
#include <lifeline/state/budget.hpp>
#include <lifeline/util/strings.hpp>

#include "chain.hpp"
#include "options.hpp"
#include "proxy_sidecar.hpp"
#include "request_mode.hpp"
#include "stdout_sink.hpp"
#include "step.hpp"
#include "step_proxy.hpp"
#include "step_report.hpp"
#include "step_vendors.hpp"

namespace run_with_failover {

namespace {

using lifeline::ErrorCode;
using lifeline::Result;

Result<Duration> optional_duration(const std::string& text, const char* flag) {
    if (text.empty())
        return Duration{0};
    auto parsed = lifeline::parse_duration(text);
    if (!parsed)
        return lifeline::fail(ErrorCode::invalid_input,
                              std::string(flag) + ": " + parsed.error().message);
    return *parsed;
}

// The step's durations from their flags (0 = none).
struct StepTimes {
    Duration attempt_timeout{0};
    Duration idle_timeout{0};
    Duration kill_grace{0};
    Duration deadline{0};
};

// The flags that cannot go together, and the durations. Errors: invalid_input naming the flag.
Result<StepTimes> check_flags(const Options& options) {
    const bool request_mode = !options.request_file.empty();
    if (request_mode == !options.command.empty()) {
        return lifeline::fail(ErrorCode::invalid_input,
                              request_mode ? "give --request or a command, not both"
                                           : "nothing to run: give a command after -- or "
                                             "--request FILE");
    }
    if (request_mode && options.replay_stdin) {
        return lifeline::fail(ErrorCode::invalid_input,
                              "--replay-stdin is for command mode; --request reads FILE");
    }
    StepTimes times;
    times.attempt_timeout =
        LIFELINE_TRY(optional_duration(options.attempt_timeout, "--attempt-timeout"));
    times.idle_timeout = LIFELINE_TRY(optional_duration(options.idle_timeout, "--idle-timeout"));
    times.kill_grace = LIFELINE_TRY(optional_duration(options.kill_grace, "--kill-grace"));
    times.deadline = LIFELINE_TRY(optional_duration(options.deadline, "--deadline"));
    return times;
}

// The state store, or null with a warning: a run goes on without budget, ledger and circuits.
std::unique_ptr<lifeline::state::StateStore> open_store(lifeline::Context& context,
                                                        const Options& options,
                                                        const lifeline::config::Config& config) {
    auto opened = lifeline::app::open_state(context, options.common, config);
    if (opened)
        return std::move(*opened);
    context.err << "run-with-failover: warning: state store unavailable ("
                << opened.error().to_string()
                << "): no budget, ledger or circuit breaker this run\n";
    return nullptr;
}

// Request mode: the body of --request and the API it speaks; the candidates that do not serve
// that API are skipped. Errors: the file cannot be read, or its body not parsed.
Result<RequestSettings> request_settings_for(lifeline::Context& context, const Options& options,
                                             const StepTimes& times, ChainPlan& plan) {
    const std::string text = LIFELINE_TRY(context.fs.read_file(options.request_file));
    RequestSettings settings;
    settings.body = LIFELINE_TRY(parse_request_body(text));
    settings.api = *parse_request_api(options.api);
    settings.attempt_timeout = times.attempt_timeout;
    settings.idle_timeout = times.idle_timeout;
    skip_candidates(plan, [&](const lifeline::routing::RouteCandidate& candidate) {
        return provider_speaks(candidate.provider, settings.api)
                   ? std::string()
                   : "does not serve the " + options.api + " API";
    });
    return settings;
}

// Command mode: the agent's adapter in `step`, and the sidecar when the step goes through the
// proxy (the plan's chain is then the one candidate that stands for the lane, and
// `direct_chain` keeps the lane's, should the proxy fail before it is ready). Errors:
// --via proxy without a lane, or a sidecar that cannot start.
Result<std::unique_ptr<ProxySidecar>> prepare_agent(
    lifeline::Context& context, Step& step, std::unique_ptr<AgentAdapter>& adapter,
    std::vector<lifeline::routing::RouteCandidate>& direct_chain) {
    const Options& options = step.options;
    const AgentKind kind =
        options.agent == "auto" ? detect_agent(options.command) : *parse_agent_kind(options.agent);
    adapter = make_agent_adapter(kind);
    step.adapter = adapter.get();
    if (options.via == "proxy" && step.plan.lane.empty()) {
        return lifeline::fail(
            ErrorCode::invalid_input,
            "--via proxy serves a lane: give --lane (a --chain has no lane to serve)");
    }
    std::unique_ptr<ProxySidecar> sidecar = LIFELINE_TRY(choose_sidecar(context, step));
    direct_chain = step.plan.chain;
    if (sidecar)
        step.plan.chain = {serving_route(kind, *sidecar, step.plan)};
    else
        skip_unusable(step.plan, *adapter);
    return sidecar;
}

// The trail of the step for the status document, with its vendors and the reason when no
// candidate could be tried.
TrailSummary summarize(lifeline::Context& context, const Step& step, LoopResult result,
                       const std::vector<lifeline::policy::Candidate>& chain, bool via_proxy,
                       lifeline::SystemTime run_started) {
    const ChainPlan& plan = step.plan;
    TrailSummary summary;
    summary.mode = step.request_settings ? "request" : "command";
    summary.via = via_proxy ? "proxy" : "direct";
    summary.lane = plan.lane;
    for (const auto& candidate : chain)
        summary.candidates.push_back(candidate.label());
    summary.skipped = plan.skipped;
    summary.attempts = std::move(result.attempts);
    summary.outcome = result.outcome;
    summary.signal = result.signal;
    summary.run_id = step.run_id;
    std::string vendors_warning;
    summary.vendors = step_vendors(summary.attempts, step.store, step.run_id, run_started,
                                   step.config, vendors_warning);
    if (!vendors_warning.empty())
        context.err << "run-with-failover: warning: " << vendors_warning << "\n";
    if (plan.no_cross_vendor_reviewer) {
        summary.outcome.summary =
            "no cross-vendor reviewer: every candidate shares the "
            "author's vendor (" +
            lifeline::join(plan.vendor_rule.avoid, ",") + ")";
    } else if (chain.empty() && !plan.skipped.empty()) {
        summary.outcome.summary = "no usable candidate: every one was skipped";
    }
    return summary;
}

// What the step is built from, filled in place by gather_inputs(): the step refers to each.
struct StepInputs {
    StepTimes times;
    lifeline::config::Config config;
    std::unique_ptr<lifeline::state::StateStore> store;  // null: none this run
    ChainPlan plan;
    std::optional<RequestSettings> request_settings;  // request mode
};

// The flags, the config, the store, the review author, the chain and (request mode) the
// request, in that order. Errors: the first step that fails, as it reported it.
lifeline::Status gather_inputs(lifeline::Context& context, const Options& options,
                               StepInputs& inputs) {
    inputs.times = LIFELINE_TRY(check_flags(options));
    inputs.config = LIFELINE_TRY(lifeline::app::load_config(context, options.common));
    inputs.store = open_store(context, options, inputs.config);
    const auto author = LIFELINE_TRY(lifeline::routing::review_author_from_flags(options.review));
    inputs.plan =
        LIFELINE_TRY(plan_chain(inputs.config, options.lane, lifeline::split_list(options.chain),
                                inputs.store.get(), context.clock.now(), author));
    if (!options.request_file.empty()) {
        inputs.request_settings =
            LIFELINE_TRY(request_settings_for(context, options, inputs.times, inputs.plan));
    }
    return {};
}

Step make_step(const Options& options, StepInputs& inputs, const std::string& run_id) {
    return Step{options,
                inputs.config,
                inputs.store.get(),
                inputs.plan,
                nullptr,
                inputs.request_settings,
                run_id,
                inputs.times.attempt_timeout,
                inputs.times.idle_timeout,
                inputs.times.kill_grace,
                inputs.times.deadline};
}

// Command mode's agent: its adapter and, in proxy mode, the sidecar (stopped after the last
// attempt) and the lane's own chain.
struct AgentSetup {
    std::unique_ptr<AgentAdapter> adapter;
    std::unique_ptr<ProxySidecar> sidecar;
    std::vector<lifeline::routing::RouteCandidate> direct_chain;
};

// prepare_agent() into `agent`, in command mode only. Errors: those of prepare_agent().
lifeline::Status prepare_command_mode(lifeline::Context& context, Step& step, AgentSetup& agent) {
    if (step.request_settings)
        return {};
    agent.sidecar = LIFELINE_TRY(prepare_agent(context, step, agent.adapter, agent.direct_chain));
    return {};
}

void report_plan(lifeline::Context& context, const ChainPlan& plan) {
    for (const std::string& warning : plan.warnings)
        context.err << "run-with-failover: warning: " << warning << "\n";
    for (const std::string& skipped : plan.skipped)
        context.err << "run-with-failover: skipped " << skipped << "\n";
}

// run_attempts(), then once more direct when the proxy failed before it was ready and --via is
// auto. Errors: those of run_attempts().
lifeline::Result<LoopResult> run_with_fallback(lifeline::app::ToolRun& tool, Step& step,
                                               AgentSetup& agent,
                                               std::vector<lifeline::policy::Candidate>& chain) {
    lifeline::Context& context = tool.context();
    auto result = run_attempts(tool, step, agent.sidecar.get(), chain);
    if (result && result->abandoned && step.options.via == "auto") {
        // The proxy failed before it was ready (the agent got no answer from it): the step
        // runs direct, as when the proxy cannot be found.
        context.err << "run-with-failover: warning: " << result->outcome.summary
                    << "; running direct\n";
        stop_sidecar(context, agent.sidecar, step.run_id);
        step.plan.chain = std::move(agent.direct_chain);
        skip_unusable(step.plan, *agent.adapter);
        result = run_attempts(tool, step, nullptr, chain);
    }
    return result;
}

}  // namespace

int run(const Options& options, lifeline::Context& context) {
    // stdout belongs to the child (command mode) or the response body (request mode): the
    // status document goes to --status-file only.
    lifeline::app::ToolRun tool(context, k_tool.name, options.common);
    tool.leave_stdout_to_child();
    // A reader of stdout that goes away must not kill the run halfway (stdout_sink.hpp).
    ignore_sigpipe();
    if (!options.status_file.empty())
        tool.write_document_to(options.status_file);

    StepInputs inputs;
    if (auto gathered = gather_inputs(context, options, inputs); !gathered)
        return tool.fail(gathered.error());
    const std::string run_id = lifeline::state::random_token();
    const lifeline::SystemTime run_started = context.clock.now();
    Step step = make_step(options, inputs, run_id);
    AgentSetup agent;
    if (auto prepared = prepare_command_mode(context, step, agent); !prepared)
        return tool.fail(prepared.error());
    report_plan(context, inputs.plan);

    std::vector<lifeline::policy::Candidate> chain;
    auto result = run_with_fallback(tool, step, agent, chain);
    if (!result)
        return tool.fail(result.error());
    const bool via_proxy = agent.sidecar != nullptr;
    stop_sidecar(context, agent.sidecar, run_id);
    return finish_run(tool, options,
                      summarize(context, step, std::move(*result), chain, via_proxy, run_started));
}

}  // namespace run_with_failover
