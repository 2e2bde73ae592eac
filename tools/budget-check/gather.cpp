#include "gather.hpp"

#include <algorithm>
#include <thread>

#include "ledger_usage.hpp"

namespace lifeline::budget {
namespace {

int default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(cores, 1u, 8u));
}

}  // namespace

Result<Collected> gather_records(const Options& options, const CheckPlan& plan,
                                 const FileSystem& fs, state::StateStore* store) {
    std::shared_ptr<const LogOpener> opener = options.opener;
    if (!opener)
        opener = make_posix_opener();
    LogSources request{options.claude_dirs, options.codex_paths, options.gemini_paths,
                       options.default_model, options.jobs > 0 ? options.jobs : default_jobs()};
    Collected collected = LIFELINE_TRY(collect_log_sources(fs, *opener, request));
    if (plan.wants_ledger) {
        state::LedgerQuery query;
        query.session = options.session;
        query.run_id = options.run_id;
        LIFELINE_TRY_VOID(add_ledger_source(*store, query, collected));
    }
    filter_records(collected.records, plan.filter);
    return collected;
}

}  // namespace lifeline::budget
