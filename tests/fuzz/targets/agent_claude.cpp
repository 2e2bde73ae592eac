// Claude Code's output read back by its adapter: the exit code (the first byte), stdout up to the
// first NUL byte, stderr after it.

#include "agent_output.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_agent_claude(const uint8_t* data, size_t size) {
    return fuzz_agent_output(run_with_failover::AgentKind::claude, data, size);
}

}  // namespace lifeline::fuzz
