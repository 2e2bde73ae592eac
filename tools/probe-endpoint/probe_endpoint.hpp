#pragma once
// The probe-endpoint tool: CLI options, their validation, and run() — probe every selected
// provider at once, classify, check conditions, record health, emit the status document.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/probe/condition.hpp>
#include <lifeline/probe/probe_kind.hpp>
#include <lifeline/probe/probe_runner.hpp>
#include <lifeline/probe/targets.hpp>
#include <lifeline/util/result.hpp>

#include "verdict.hpp"

namespace CLI {
class App;
}

namespace probe_endpoint {

// The probes themselves (targets, plans, running and reading them) are libcommon's probe module.
using lifeline::probe::Condition;
using lifeline::probe::ProbeKind;
using lifeline::probe::RunSettings;

inline constexpr lifeline::ToolInfo k_tool{
    "probe-endpoint", "Pre-flight health probes for every provider, concurrently, classified"};

struct Options {
    lifeline::app::CommonOptions common;
    std::vector<std::string> providers;  // --provider a,b
    std::vector<std::string> models;     // --model m
    std::string lane;                    // --lane code
    std::string probes = "auth";         // --probe auth,generate,stream,tools,key
    std::string timeout = "10s";         // per probe
    std::string deadline;                // whole run; empty = none
    std::vector<std::string> require;    // --require "latency_ms < 3000" (repeatable)
    std::string require_healthy = "any";
    std::optional<std::string> junit_path;
    std::optional<std::string> prometheus_path;
    bool no_state = false;  // do not record observations
};

void setup_cli(CLI::App& app, Options& options);

// The flags, parsed and checked (everything that does not need the config).
struct Settings {
    std::vector<ProbeKind> kinds;
    RunSettings run;
    std::vector<Condition> conditions;  // --require
    HealthRequirement requirement;
};

// ErrorCode::invalid_input naming the flag for a bad probe list, duration, condition or
// --require-healthy value.
lifeline::Result<Settings> parse_settings(const Options& options);

// Each provider's `require:` conditions from the config, by provider name. ErrorCode::config
// located at the condition in lifeline.yaml when one does not parse.
lifeline::Result<std::map<std::string, std::vector<Condition>>> provider_conditions(
    const lifeline::config::Config& config);

// Exit codes: 0 --require-healthy met; 1 not met (or an output could not be written);
// 2 bad flags or config.
int run(const Options& options, lifeline::Context& context);

}  // namespace probe_endpoint
