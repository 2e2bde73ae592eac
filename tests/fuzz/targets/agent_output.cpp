// The shared body of the agent output targets.

#include "agent_output.hpp"

#include "fuzz_support.hpp"

namespace lifeline::fuzz {

int fuzz_agent_output(run_with_failover::AgentKind kind, const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    run_with_failover::AgentOutput output;
    output.exit_code = input.byte();
    output.stdout_text = input.until(std::string_view("\0", 1));
    output.stderr_text = input.rest();
    output.agent_retries = 2;
    const auto adapter = run_with_failover::make_agent_adapter(kind);
    const auto verdict = adapter->classify(output, fuzz_now());
    LIFELINE_FUZZ_CHECK(verdict.agent_retries >= 0);
    return 0;
}

}  // namespace lifeline::fuzz
