#pragma once
// Runs the real provider-sim and probe-endpoint binaries for the integration tests: a sim on an
// ephemeral 127.0.0.1 port with a scenario, lifeline.yaml files pointing at it, and a bounded
// run of probe-endpoint with a chosen environment (no inherited keys).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/sim_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_run.hpp"

namespace probe_it {

// The key every simulated provider accepts (scenario `keys:`); made up, never valid anywhere.
inline constexpr const char* k_sim_key = "sim-key-probe-endpoint-0001";

using lifeline::testing::TempDir;
// provider-sim with one scenario (or a fleet, Sim::Mode::fleet), killed at destruction.
using Sim = lifeline::testing::YamlSim;

struct ToolOutcome : lifeline::testing::ToolOutcome {
    // data.results[] entries whose target is `target` (and probe is `probe`, when given).
    std::vector<nlohmann::json> results_for(const std::string& target,
                                            const std::string& probe = "") const;
    // The single result of `target` (fails the test when there is not exactly one).
    nlohmann::json result(const std::string& target, const std::string& probe = "") const;
};

// Runs probe-endpoint with `args` in `cwd` with exactly `env` (PATH=/usr/bin:/bin and HOME=cwd
// replace any the test gives), bounded to 120s.
ToolOutcome run_probe(const std::vector<std::string>& args, const std::string& cwd,
                      const std::map<std::string, std::string>& env);

// A 127.0.0.1 port nothing listens on (bound once, then closed).
int closed_port();

// Where each provider kind lives on provider-sim, as a lifeline.yaml provider entry.
struct SimKind {
    const char* name;   // provider name used in configs
    const char* kind;   // lifeline provider kind
    const char* path;   // base_url path on the sim
    bool lists_models;  // the sim serves this kind's models list (azure's it does not)
};
const std::vector<SimKind>& sim_kinds();

// "  <name>: {kind: ..., base_url: <url><path>, auth: {env: <key_variable>}}\n" for `kind`.
std::string provider_yaml(const SimKind& kind, const std::string& name, const std::string& url,
                          const std::string& key_variable = "SIM_KEY");

// provider_yaml for every kind, named after it (or
// only the one named `only`).
std::string providers_yaml(const std::string& url, const std::string& key_variable = "SIM_KEY",
                           const std::string& only = "");

}  // namespace probe_it
