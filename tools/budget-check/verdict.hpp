#pragma once
// What a budget-check run concludes: its status, exit code and one-line summary.

#include <string>

#include <lifeline/output/status.hpp>

#include "decision.hpp"

namespace lifeline::budget {

struct Verdict {
    output::RunStatus status = output::RunStatus::ok;
    int exit_code = 0;
    std::string headline;
    bool reservation_refused = false;  // the headline is then the refusal (a budget error)
};

// failed, exit 1, "budget exceeded: <limit>; <limit>" when a hard limit is crossed; else
// failed, exit 1, "reservation refused: ..." when --reserve was not granted; else degraded
// when a limit warns, ok otherwise, both exit 0 with `headline`.
Verdict budget_verdict(const Decision& decision, std::string headline);

}  // namespace lifeline::budget
