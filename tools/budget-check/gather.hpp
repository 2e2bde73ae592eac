#pragma once
// budget-check's gather step: the usage records of every source a run reads.

#include <lifeline/core/file_system.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

#include "budget_check.hpp"
#include "check_plan.hpp"
#include "sources.hpp"

namespace lifeline::budget {

// Reads the log sources of `options` (through options.opener, else local files, with
// options.jobs readers, else one per core up to 8), then the ledger of `store` when
// plan.wants_ledger (store must be set then), and keeps the records plan.filter accepts.
// The diagnostics list every source, filtered or not. Errors: a log path that does not exist
// (invalid_input), the store's.
Result<Collected> gather_records(const Options& options, const CheckPlan& plan,
                                 const FileSystem& fs, state::StateStore* store);

}  // namespace lifeline::budget
