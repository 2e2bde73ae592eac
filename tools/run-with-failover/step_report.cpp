#include "step_report.hpp"

#include <lifeline/util/strings.hpp>

namespace run_with_failover {

namespace {

lifeline::output::RunStatus status_of(const lifeline::policy::ChainOutcome& outcome,
                                      size_t attempts) {
    if (outcome.result == lifeline::policy::ChainResult::succeeded)
        return attempts > 1 ? lifeline::output::RunStatus::degraded
                            : lifeline::output::RunStatus::ok;
    return lifeline::output::RunStatus::failed;
}

// The vendors of this step for whoever reviews it next: the `vendors` and `run-id` outputs and
// LIFELINE_AUTHOR_VENDORS / LIFELINE_AUTHOR_RUN in the dotenv report (never LIFELINE_RUN_ID:
// a proxy in the next job would tag its rows with it).
void publish_vendors(lifeline::app::ToolRun& tool, const TrailSummary& summary) {
    const std::string vendors = lifeline::join(summary.vendors, ",");
    tool.set_output("run-id", summary.run_id);
    tool.set_output("vendors", vendors);
    tool.add_dotenv("LIFELINE_AUTHOR_RUN", summary.run_id);
    tool.add_dotenv("LIFELINE_AUTHOR_VENDORS", vendors);
}

}  // namespace

int finish_run(lifeline::app::ToolRun& tool, const Options& options, TrailSummary summary) {
    lifeline::output::StatusDocument& document = tool.document();
    document.data = to_json(summary);
    const lifeline::policy::ChainOutcome& outcome = summary.outcome;
    if (outcome.result != lifeline::policy::ChainResult::succeeded) {
        tool.add_error(outcome.last_class ? lifeline::to_string(*outcome.last_class)
                                          : lifeline::policy::to_string(outcome.result),
                       outcome.summary);
    }
    // A step summary where the runner offers one (a missing file is not this step's failure).
    if (tool.context().env.get_non_empty("GITHUB_STEP_SUMMARY"))
        tool.add_summary(trail_markdown(summary));
    const AttemptEntry* last = summary.attempts.empty() ? nullptr : &summary.attempts.back();
    tool.set_output("outcome", lifeline::policy::to_string(outcome.result));
    tool.set_output("exit-code", std::to_string(outcome.exit_code));
    tool.set_output("attempts", std::to_string(summary.attempts.size()));
    tool.set_output("provider", last ? last->provider : "");
    tool.set_output("model", last ? last->model : "");
    tool.set_output("class", outcome.last_class ? lifeline::to_string(*outcome.last_class) : "");
    if (!options.status_file.empty())
        tool.set_output("status-file", options.status_file);
    publish_vendors(tool, summary);
    return tool.finish(status_of(outcome, summary.attempts.size()), outcome.exit_code,
                       outcome.summary);
}

}  // namespace run_with_failover
