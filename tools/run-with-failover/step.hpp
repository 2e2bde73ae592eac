#pragma once
// One step's attempts: what they share (Step), the chain they run, and the executor that runs
// each one (command or request mode), with the hooks that book them.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

#include "agent.hpp"
#include "chain.hpp"
#include "failover_loop.hpp"
#include "options.hpp"
#include "request_mode.hpp"

namespace run_with_failover {

class ProxySidecar;

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

// Moves every candidate `reason_against` names a reason for from the chain to the skipped list
// ("<label>: <reason>"), keeping the order of the rest.
void skip_candidates(
    ChainPlan& plan,
    const std::function<std::string(const lifeline::routing::RouteCandidate&)>& reason_against);

// Moves the candidates the agent cannot speak to the skipped list (direct mode).
void skip_unusable(ChainPlan& plan, const AgentAdapter& adapter);

// The session the step's usage is booked to: --session, $LIFELINE_SESSION, the CI run
// (github:RUN:ATTEMPT, gitlab:PIPELINE), else the run id.
std::string session_id(const Options& options, const lifeline::Environment& env,
                       const std::string& run_id);

// A directory for this run's agent files: $RUNNER_TEMP (GitHub), $TMPDIR, else /tmp.
std::string private_dir(const lifeline::Environment& env, const std::string& run_id);

// Runs the plan's chain (through `sidecar` when given) to its end; `chain` gets its
// candidates. Errors: stdin cannot be planned.
lifeline::Result<LoopResult> run_attempts(lifeline::app::ToolRun& tool, const Step& step,
                                          ProxySidecar* sidecar,
                                          std::vector<lifeline::policy::Candidate>& chain);

}  // namespace run_with_failover
