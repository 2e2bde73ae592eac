#pragma once
// What one rotation run did, for the status document, the text and the step summary.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/output/status.hpp>
#include <lifeline/util/error.hpp>

#include "journal.hpp"

namespace lifeline::rotate {

struct RotationReport {
    std::string name;
    // rotated, in_grace, resumed, rolled_back, aborted, nothing_to_do, locked, interrupted
    std::string action;
    std::optional<JournalRecord> record;
    std::vector<std::string> steps;     // "create: ok (id ...)"
    std::vector<std::string> warnings;  // e.g. the old key could not be revoked
    std::optional<Error> error;
    output::RunStatus status = output::RunStatus::ok;
    int exit_code = 0;
};

}  // namespace lifeline::rotate
