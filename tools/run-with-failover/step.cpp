#include "step.hpp"

#include <limits>
#include <ostream>

#include <unistd.h>

#include <lifeline/policy/class_policy.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/util/os_random.hpp>

#include "command_mode.hpp"
#include "proxy_route.hpp"
#include "proxy_sidecar.hpp"
#include "run_hooks.hpp"
#include "stdin_plan.hpp"

namespace run_with_failover {

namespace {

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

}  // namespace

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

void skip_unusable(ChainPlan& plan, const AgentAdapter& adapter) {
    skip_candidates(plan, [&](const lifeline::routing::RouteCandidate& candidate) {
        return adapter.unusable_reason(candidate.provider);
    });
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

std::string private_dir(const lifeline::Environment& env, const std::string& run_id) {
    std::string base =
        env.get_non_empty("RUNNER_TEMP").value_or(env.get_non_empty("TMPDIR").value_or("/tmp"));
    while (base.size() > 1 && base.back() == '/')
        base.pop_back();
    return base + "/lifeline-agent-" + run_id;
}

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

}  // namespace run_with_failover
