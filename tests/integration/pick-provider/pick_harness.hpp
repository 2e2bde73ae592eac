#pragma once
// Runs the real binaries for pick-provider's integration tests through the shared test support:
// provider-sim on an ephemeral 127.0.0.1 port, and bounded runs of pick-provider /
// probe-endpoint with exactly the environment a test gives (no inherited keys).

#include <map>
#include <string>
#include <vector>

#include "support/sim_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_run.hpp"

namespace pick_it {

// The key the simulated providers accept; made up, valid nowhere.
inline constexpr const char* k_sim_key = "sim-key-pick-provider-0001";

using lifeline::testing::TempDir;
// provider-sim with one scenario, stopped at destruction.
using Sim = lifeline::testing::YamlSim;
using Outcome = lifeline::testing::ToolOutcome;

// Runs `binary` with `args` in `cwd` with exactly `env` (plus PATH), bounded to 60s (then
// killed, exit_code -1).
Outcome run_binary(const std::string& binary, const std::vector<std::string>& args,
                   const std::string& cwd, const std::map<std::string, std::string>& env);

}  // namespace pick_it
