#pragma once
// The end of a step: its trail as the status document's data, the step summary, the outputs
// (outcome, attempts, provider, vendors, ...) and the exit code.

#include <lifeline/app/tool_support.hpp>

#include "options.hpp"
#include "trail.hpp"

namespace run_with_failover {

// Publishes `summary` through `tool` and returns the run's exit code.
int finish_run(lifeline::app::ToolRun& tool, const Options& options, TrailSummary summary);

}  // namespace run_with_failover
