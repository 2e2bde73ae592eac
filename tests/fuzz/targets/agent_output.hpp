#pragma once
// The shared body of the agent output targets (agent_codex.cpp, agent_claude.cpp,
// agent_gemini.cpp).

#include <cstddef>
#include <cstdint>

#include "agent.hpp"

namespace lifeline::fuzz {

// Classifies the input as the output of a `kind` agent: exit code = the first byte, stdout up
// to the first NUL byte, stderr after it; the agent was allowed two retries of its own.
int fuzz_agent_output(run_with_failover::AgentKind kind, const uint8_t* data, size_t size);

}  // namespace lifeline::fuzz
