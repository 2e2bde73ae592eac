// The driver: flags and config in, the chain planned, the loop run in command or request
// mode, the status document and step outputs out.

#include <functional>
#include <limits>
#include <ostream>

#include <unistd.h>

#include <lifeline/app/tool_main.hpp>
#include <lifeline/output/json_sink.hpp>
#include <lifeline/policy/class_policy.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/state/budget.hpp>
#include <lifeline/util/os_random.hpp>
#include <lifeline/util/strings.hpp>

#include "chain.hpp"
#include "command_mode.hpp"
#include "options.hpp"
#include "proxy_sidecar.hpp"
#include "request_mode.hpp"
#include "run_hooks.hpp"
#include "stdin_plan.hpp"
#include "stdout_sink.hpp"
#include "step_vendors.hpp"

namespace run_with_failover {

namespace {

using lifeline::Error;
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

// Moves every candidate `reason_against` names a reason for from the chain to the skipped list
// ("<label>: <reason>"), keeping the order of the rest.
void skip_candidates(
    ChainPlan& plan,
    const std::function<std::string(const lifeline::routing::RouteCandidate&)>& reason_against) {
    std::vector<lifeline::routing::RouteCandidate> kept;
    for (auto& candidate : plan.chain) {
        const std::string reason = reason_against(candidate);
        if (reason.empty())
            kept.push_back(std::move(candidate));
        else
            plan.skipped.push_back(candidate.candidate.label() + ": " + reason);
    }
    plan.chain = std::move(kept);
}

lifeline::policy::ChainPolicy chain_policy(const Options& options,
                                           const lifeline::config::Config& config,
                                           Duration deadline) {
    lifeline::policy::ChainPolicy policy;
    policy.retry = config.retry;
    if (options.max_attempts)
        policy.retry.max_attempts = *options.max_attempts;
    if (deadline > Duration{0})
        policy.retry.deadline = deadline;
    const std::optional<int> cap = options.max_retries_per_request
                                       ? options.max_retries_per_request
                                       : config.budget.max_retries_per_request;
    if (cap) {
        for (lifeline::FailureClass failure_class : lifeline::all_failure_classes()) {
            const auto action = lifeline::policy::resolve_class_action(failure_class, policy.retry);
            if (action.retries > *cap)
                policy.retry.classes[failure_class].retries = std::max(0, *cap);
        }
    }
    policy.has_compress_hook = !options.on_context_exceeded.empty();
    return policy;
}

std::string session_id(const Options& options, const lifeline::Environment& env,
                       const std::string& run_id) {
    if (!options.session.empty())
        return options.session;
    if (auto session = env.get_non_empty("LIFELINE_SESSION"))
        return *session;
    if (auto github = env.get_non_empty("GITHUB_RUN_ID"))
        return "github:" + *github + ":" + env.get_non_empty("GITHUB_RUN_ATTEMPT").value_or("1");
    if (auto gitlab = env.get_non_empty("CI_PIPELINE_ID"))
        return "gitlab:" + *gitlab;
    return run_id;
}

// The retries an agent that retries by itself gets per attempt: the fewest same-candidate
// retries the policy gives a class such agents retry, so no class gets more than its due.
int agent_retries(const lifeline::policy::ChainPolicy& policy) {
    int fewest = std::numeric_limits<int>::max();
    for (lifeline::FailureClass failure_class :
         {lifeline::FailureClass::rate_limited, lifeline::FailureClass::overloaded,
          lifeline::FailureClass::server_error}) {
        fewest = std::min(
            fewest, lifeline::policy::resolve_class_action(failure_class, policy.retry).retries);
    }
    return std::max(0, fewest);
}

bool in_ci(const lifeline::Environment& env) {
    return env.get("CI").value_or("") == "true" || env.in_github_actions() || env.in_gitlab_ci();
}

// A directory for this run's agent files: $RUNNER_TEMP (GitHub), $TMPDIR, else /tmp.
std::string private_dir(const lifeline::Environment& env, const std::string& run_id) {
    std::string base =
        env.get_non_empty("RUNNER_TEMP").value_or(env.get_non_empty("TMPDIR").value_or("/tmp"));
    while (base.size() > 1 && base.back() == '/')
        base.pop_back();
    return base + "/lifeline-agent-" + run_id;
}

lifeline::output::RunStatus status_of(const lifeline::policy::ChainOutcome& outcome,
                                      size_t attempts) {
    if (outcome.result == lifeline::policy::ChainResult::succeeded)
        return attempts > 1 ? lifeline::output::RunStatus::degraded
                            : lifeline::output::RunStatus::ok;
    return lifeline::output::RunStatus::failed;
}

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

// The vendors of this step for whoever reviews it next: the `vendors` and `run-id` outputs and
// LIFELINE_AUTHOR_VENDORS / LIFELINE_AUTHOR_RUN in the dotenv report (never LIFELINE_RUN_ID:
// a proxy in the next job would tag its rows with it).
void publish_vendors(lifeline::app::ToolRun& tool, const TrailSummary& summary) {
    const std::string vendors = lifeline::join(summary.vendors, ",");
    tool.set_output("run-id", summary.run_id);
    tool.set_output("vendors", vendors);
    tool.add_dotenv("LIFELINE_AUTHOR_RUN", summary.run_id);
    tool.add_dotenv("LIFELINE_AUTHOR_VENDORS", vendors);
}

int finish_run(lifeline::app::ToolRun& tool, const Options& options, TrailSummary summary) {
    lifeline::output::StatusDocument& document = tool.document();
    document.data = to_json(summary);
    const lifeline::policy::ChainOutcome& outcome = summary.outcome;
    if (outcome.result != lifeline::policy::ChainResult::succeeded) {
        tool.add_error(outcome.last_class ? lifeline::to_string(*outcome.last_class)
                                          : lifeline::policy::to_string(outcome.result),
                       outcome.summary);
    }
    // A step summary where the runner offers one (a missing file is not this step's failure).
    if (tool.context().env.get_non_empty("GITHUB_STEP_SUMMARY"))
        tool.add_summary(trail_markdown(summary));
    const AttemptEntry* last = summary.attempts.empty() ? nullptr : &summary.attempts.back();
    tool.set_output("outcome", lifeline::policy::to_string(outcome.result));
    tool.set_output("exit-code", std::to_string(outcome.exit_code));
    tool.set_output("attempts", std::to_string(summary.attempts.size()));
    tool.set_output("provider", last ? last->provider : "");
    tool.set_output("model", last ? last->model : "");
    tool.set_output("class", outcome.last_class ? lifeline::to_string(*outcome.last_class) : "");
    if (!options.status_file.empty())
        tool.set_output("status-file", options.status_file);
    publish_vendors(tool, summary);
    return tool.finish(status_of(outcome, summary.attempts.size()), outcome.exit_code,
                       outcome.summary);
}

// What every attempt of one step shares, fixed before the first.
struct Step {
    const Options& options;
    const lifeline::config::Config& config;
    lifeline::state::StateStore* store;  // null: none this run
    ChainPlan& plan;
    const AgentAdapter* adapter;                             // command mode
    const std::optional<RequestSettings>& request_settings;  // request mode
    const std::string& run_id;
    Duration attempt_timeout;
    Duration idle_timeout;
    Duration kill_grace;
    Duration deadline;
};

// Moves the candidates the agent cannot speak to the skipped list (direct mode).
void skip_unusable(ChainPlan& plan, const AgentAdapter& adapter) {
    skip_candidates(plan, [&](const lifeline::routing::RouteCandidate& candidate) {
        return adapter.unusable_reason(candidate.provider);
    });
}

// The sidecar for a step that goes through the proxy (wants_proxy), started; null for a direct
// step, and for --via auto when it cannot start (with a warning). Errors: --via proxy and it
// cannot start.
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

// The one candidate the agent sees in proxy mode: the lane on the sidecar, with the smallest
// context window of the lane's candidates (so the agent compacts before any overflows).
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

// Stops the sidecar and removes its directory (its log and access log, already read): a
// leftover is harmless, so a failure to remove it is not the run's failure.
void stop_sidecar(lifeline::Context& context, std::unique_ptr<ProxySidecar>& sidecar,
                  const std::string& run_id) {
    if (!sidecar)
        return;
    sidecar->stop();
    sidecar.reset();
    (void)context.fs.remove_tree(private_dir(context.env, run_id) + "-proxy");
}

// The executor for command mode: the agent pointed at the plan's chain, or at `sidecar`.
lifeline::Result<std::unique_ptr<AttemptExecutor>> command_executor(
    lifeline::app::ToolRun& tool, const Step& step, ProxySidecar* sidecar,
    const lifeline::policy::ChainPolicy& policy,
    lifeline::provider::CredentialResolver& credentials) {
    lifeline::Context& context = tool.context();
    const Options& options = step.options;
    const AgentAdapter& adapter = *step.adapter;
    CommandSettings settings;
    settings.stdin_plan = LIFELINE_TRY(plan_stdin(STDIN_FILENO, options.replay_stdin));
    settings.argv = options.command;
    settings.attempt_timeout = step.attempt_timeout;
    settings.idle_timeout = step.idle_timeout;
    settings.kill_grace = step.kill_grace;
    settings.max_turns = options.max_turns ? options.max_turns : step.config.budget.max_agent_turns;
    settings.agent_retries = adapter.retries_in_session() ? agent_retries(policy) : 0;
    if (sidecar) {
        // The agent resends a turn the proxy ended with an error event: at least one retry.
        settings.agent_retries = std::max(1, settings.agent_retries);
        settings.proxy_token = lifeline::secret::Secret(sidecar->token());
        settings.hidden_env = provider_key_variables(step.config);
        settings.proxy_access_log = private_dir(context.env, step.run_id) + "-proxy/access.log";
        settings.sidecar_failure_fd = sidecar->failure_fd();
        settings.sidecar_failure = [sidecar] { return sidecar->failure(); };
        if (const auto* lane = step.config.find_lane(step.plan.lane))
            settings.background_model = lane->background_lane();
    }
    settings.quiet_agent = in_ci(context.env) && !options.keep_agent_traffic;
    settings.private_dir = private_dir(context.env, step.run_id);
    if (settings.max_turns && !adapter.takes_max_turns()) {
        context.err << "run-with-failover: warning: the turn limit (--max-turns or "
                       "budget.max_agent_turns) is not applied: the "
                    << to_string(adapter.kind())
                    << " agent has no turn-limit flag; the token budget still applies\n";
    }
    settings.compress_command = options.on_context_exceeded;
    settings.patterns = step.config.classify;
    return std::unique_ptr<AttemptExecutor>(std::make_unique<CommandExecutor>(
        context, step.plan.chain, adapter, std::move(settings), credentials, tool.redactor()));
}

// Runs the plan's chain (through `sidecar` when given) to its end; `chain` gets its
// candidates. Errors: stdin cannot be planned.
lifeline::Result<LoopResult> run_attempts(lifeline::app::ToolRun& tool, const Step& step,
                                          ProxySidecar* sidecar,
                                          std::vector<lifeline::policy::Candidate>& chain) {
    lifeline::Context& context = tool.context();
    const Options& options = step.options;
    chain.clear();
    for (const auto& candidate : step.plan.chain)
        chain.push_back(candidate.candidate);

    BudgetSettings budget;
    budget.session_tokens =
        options.session_tokens ? options.session_tokens : step.config.budget.session_tokens;
    budget.reserve_tokens =
        options.request_tokens.value_or(step.config.budget.request_tokens.value_or(1));
    budget.run_id = step.run_id;
    budget.session = session_id(options, context.env, step.run_id);
    budget.lane = step.plan.lane;
    budget.usage_from_proxy = sidecar != nullptr;
    RunBookkeeping bookkeeping(step.store, budget, step.config, context.clock, context.err);
    RunHooks hooks(tool, bookkeeping, chain, !step.request_settings);

    lifeline::provider::CredentialResolver credentials(context.env, context.processes,
                                                       context.clock);
    lifeline::policy::SeededRandom random(options.seed.value_or(lifeline::os_random_u64()));
    const lifeline::policy::ChainPolicy policy = chain_policy(options, step.config, step.deadline);

    std::unique_ptr<AttemptExecutor> executor;
    if (step.request_settings) {
        executor = std::make_unique<RequestExecutor>(
            context, step.plan.chain, *step.request_settings, credentials, tool.redactor());
    } else {
        executor = LIFELINE_TRY(command_executor(tool, step, sidecar, policy, credentials));
    }
    return run_failover(chain, policy, *executor, hooks, context.clock, random);
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

    const bool request_mode = !options.request_file.empty();
    if (request_mode == !options.command.empty()) {
        return tool.fail(lifeline::make_error(ErrorCode::invalid_input,
                                              request_mode ? "give --request or a command, not both"
                                                           : "nothing to run: give a command "
                                                             "after -- or --request FILE"));
    }
    if (request_mode && options.replay_stdin) {
        return tool.fail(lifeline::make_error(
            ErrorCode::invalid_input, "--replay-stdin is for command mode; --request reads FILE"));
    }
    auto config = lifeline::app::load_config(context, options.common);
    if (!config)
        return tool.fail(config.error());
    const auto attempt_timeout = optional_duration(options.attempt_timeout, "--attempt-timeout");
    const auto idle_timeout = optional_duration(options.idle_timeout, "--idle-timeout");
    const auto kill_grace = optional_duration(options.kill_grace, "--kill-grace");
    const auto deadline = optional_duration(options.deadline, "--deadline");
    for (const auto* parsed : {&attempt_timeout, &idle_timeout, &kill_grace, &deadline}) {
        if (!*parsed)
            return tool.fail(parsed->error());
    }

    std::unique_ptr<lifeline::state::StateStore> store;
    if (auto opened = lifeline::app::open_state(context, options.common, *config)) {
        store = std::move(*opened);
    } else {
        context.err << "run-with-failover: warning: state store unavailable ("
                    << opened.error().to_string()
                    << "): no budget, ledger or circuit breaker this run\n";
    }

    const auto author = lifeline::routing::review_author_from_flags(options.review);
    if (!author)
        return tool.fail(author.error());
    auto plan = plan_chain(*config, options.lane, lifeline::split_list(options.chain), store.get(),
                           context.clock.now(), *author);
    if (!plan)
        return tool.fail(plan.error());
    std::optional<RequestSettings> request_settings;
    if (request_mode) {
        auto text = context.fs.read_file(options.request_file);
        if (!text)
            return tool.fail(text.error());
        auto body = parse_request_body(*text);
        if (!body)
            return tool.fail(body.error());
        request_settings.emplace();
        request_settings->body = std::move(*body);
        request_settings->api = *parse_request_api(options.api);
        request_settings->attempt_timeout = *attempt_timeout;
        request_settings->idle_timeout = *idle_timeout;
        skip_candidates(*plan, [&](const lifeline::routing::RouteCandidate& candidate) {
            return provider_speaks(candidate.provider, request_settings->api)
                       ? std::string()
                       : "does not serve the " + options.api + " API";
        });
    }
    const std::string run_id = lifeline::state::random_token();
    const lifeline::SystemTime run_started = context.clock.now();
    Step step{options, *config,          store.get(),   *plan,       nullptr,  request_settings,
              run_id,  *attempt_timeout, *idle_timeout, *kill_grace, *deadline};
    std::unique_ptr<AgentAdapter> adapter;
    // Proxy mode: the sidecar, stopped after the last attempt, and the chain it serves (the
    // step's chain should it fail before it is ready).
    std::unique_ptr<ProxySidecar> sidecar;
    std::vector<lifeline::routing::RouteCandidate> direct_chain;
    if (!request_mode) {
        const AgentKind kind = options.agent == "auto" ? detect_agent(options.command)
                                                       : *parse_agent_kind(options.agent);
        adapter = make_agent_adapter(kind);
        step.adapter = adapter.get();
        if (options.via == "proxy" && plan->lane.empty()) {
            return tool.fail(lifeline::make_error(
                ErrorCode::invalid_input,
                "--via proxy serves a lane: give --lane (a --chain has no lane to serve)"));
        }
        auto chosen = choose_sidecar(context, step);
        if (!chosen)
            return tool.fail(chosen.error());
        sidecar = std::move(*chosen);
        direct_chain = plan->chain;
        if (sidecar)
            plan->chain = {serving_route(kind, *sidecar, *plan)};
        else
            skip_unusable(*plan, *adapter);
    }
    for (const std::string& warning : plan->warnings)
        context.err << "run-with-failover: warning: " << warning << "\n";
    for (const std::string& skipped : plan->skipped)
        context.err << "run-with-failover: skipped " << skipped << "\n";

    std::vector<lifeline::policy::Candidate> chain;
    auto result = run_attempts(tool, step, sidecar.get(), chain);
    if (result && result->abandoned && options.via == "auto") {
        // The proxy failed before it was ready (the agent got no answer from it): the step
        // runs direct, as when the proxy cannot be found.
        context.err << "run-with-failover: warning: " << result->outcome.summary
                    << "; running direct\n";
        stop_sidecar(context, sidecar, run_id);
        plan->chain = std::move(direct_chain);
        skip_unusable(*plan, *adapter);
        result = run_attempts(tool, step, nullptr, chain);
    }
    if (!result)
        return tool.fail(result.error());
    const bool via_proxy = sidecar != nullptr;
    stop_sidecar(context, sidecar, run_id);
    TrailSummary summary;
    summary.mode = request_mode ? "request" : "command";
    summary.via = via_proxy ? "proxy" : "direct";
    summary.lane = plan->lane;
    for (const auto& candidate : chain)
        summary.candidates.push_back(candidate.label());
    summary.skipped = plan->skipped;
    summary.attempts = std::move(result->attempts);
    summary.outcome = result->outcome;
    summary.signal = result->signal;
    summary.run_id = run_id;
    std::string vendors_warning;
    summary.vendors =
        step_vendors(summary.attempts, store.get(), run_id, run_started, *config, vendors_warning);
    if (!vendors_warning.empty())
        context.err << "run-with-failover: warning: " << vendors_warning << "\n";
    if (plan->no_cross_vendor_reviewer)
        summary.outcome.summary =
            "no cross-vendor reviewer: every candidate shares the author's "
            "vendor (" +
            lifeline::join(plan->vendor_rule.avoid, ",") + ")";
    else if (chain.empty() && !plan->skipped.empty())
        summary.outcome.summary = "no usable candidate: every one was skipped";
    return finish_run(tool, options, std::move(summary));
}

}  // namespace run_with_failover
