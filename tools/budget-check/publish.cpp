#include "publish.hpp"

#include <algorithm>
#include <cctype>
#include <ostream>

#include <lifeline/output/prometheus.hpp>

#include "report.hpp"
#include "verdict.hpp"

namespace lifeline::budget {
namespace {

void report_limits(app::ToolRun& run, const std::vector<LimitResult>& limits) {
    for (const auto& limit : limits) {
        if (limit.state == LimitState::exceeded) {
            run.add_error("budget_exceeded", limit.describe());
            run.annotate(output::AnnotationLevel::error, "budget exceeded", limit.describe());
        } else if (limit.state == LimitState::warning) {
            run.annotate(output::AnnotationLevel::warning, "budget nearly spent", limit.describe());
        }
    }
}

// Malformed lines never fail a run, but a person should hear of them.
void warn_malformed(std::ostream& err, const std::vector<SourceDiagnostics>& sources) {
    for (const auto& source : sources) {
        if (source.malformed > 0)
            err << "budget-check: " << source.malformed << " malformed line(s) in " << source.path
                << (source.malformed_examples.empty() ? "" : ", first: ")
                << (source.malformed_examples.empty() ? "" : source.malformed_examples[0]) << "\n";
    }
}

void set_outputs(app::ToolRun& run, const Report& report, const Decision& decision,
                 output::RunStatus status) {
    auto outputs = report_outputs(report, to_string(status));
    if (decision.reservation && decision.reservation->answer.granted)
        outputs.emplace_back("reservation_id", decision.reservation->answer.id);
    for (const auto& [name, value] : outputs) {
        run.set_output(name, value);
        run.add_dotenv(dotenv_key(name), value);
    }
}

}  // namespace

std::string dotenv_key(const std::string& output_name) {
    std::string key = "LIFELINE_BUDGET_" + output_name;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return key;
}

int publish(app::ToolRun& run, const Options& options, const Decision& decision,
            const std::vector<SourceDiagnostics>& sources) {
    Report report{decision.summary, decision.limits, sources, options.top_sessions, nullptr};
    if (decision.reservation)
        report.reservation = reservation_json(*decision.reservation);
    run.document().data = report_data(report);
    run.set_text(report_text(report));
    run.add_summary(report_markdown(report));
    report_limits(run, decision.limits);
    warn_malformed(run.context().err, sources);

    Verdict verdict = budget_verdict(decision, report_headline(report));
    if (verdict.reservation_refused)
        run.add_error("budget_exceeded", verdict.headline);
    set_outputs(run, report, decision, verdict.status);
    if (options.prometheus) {
        const Status written = output::write_prometheus_textfile(
            run.context().fs, *options.prometheus, report_metrics(report), run.redactor());
        if (!written)
            return run.fail(written.error());
    }
    return run.finish(verdict.status, verdict.exit_code, std::move(verdict.headline));
}

}  // namespace lifeline::budget
