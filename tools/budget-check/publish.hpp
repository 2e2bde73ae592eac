#pragma once
// budget-check's publish step: the report in every form, and the run's end.

#include <vector>

#include <lifeline/app/tool_support.hpp>

#include "budget_check.hpp"
#include "decision.hpp"
#include "usage.hpp"

namespace lifeline::budget {

// Writes the report of `decision` and `sources` into `run` (document data, --format text,
// step summary), a budget_exceeded error and an error annotation per crossed limit and a
// warning annotation per warning one, one stderr line per source with malformed lines, the
// step outputs and dotenv pairs (reservation_id when one was granted), and --prometheus; then
// finishes `run` with budget_verdict. Returns the exit code (run.fail's when the metrics file
// cannot be written).
int publish(app::ToolRun& run, const Options& options, const Decision& decision,
            const std::vector<SourceDiagnostics>& sources);

// The dotenv key of a step output: "LIFELINE_BUDGET_" and the name in upper case.
std::string dotenv_key(const std::string& output_name);

}  // namespace lifeline::budget
