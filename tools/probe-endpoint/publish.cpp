#include "publish.hpp"

#include <lifeline/output/junit.hpp>
#include <lifeline/output/prometheus.hpp>
#include <lifeline/util/strings.hpp>

namespace probe_endpoint {

using lifeline::output::AnnotationLevel;

lifeline::Status publish_report(lifeline::app::ToolRun& run, const ProbeReport& report,
                                const std::optional<std::string>& junit_path,
                                const std::optional<std::string>& prometheus_path) {
    run.document().data = report_data(report);
    run.set_text(render_report_text(report));
    const std::string healthy = lifeline::join(report.verdict.healthy, ",");
    const std::string first = report.verdict.healthy.empty() ? "" : report.verdict.healthy.front();
    const std::string status = lifeline::output::to_string(report.verdict.status);
    run.set_output("healthy", healthy);
    run.set_output("first-healthy", first);
    run.set_output("status", status);
    run.add_summary(render_summary_markdown(report));
    for (const TargetHealth& target : report.targets) {
        if (target.health == Health::healthy)
            continue;
        run.annotate(
            AnnotationLevel::warning,
            "probe-endpoint: " + target.name + " " + to_string(target.health),
            target.failed_probe + " probe: " + target.failure_class + ": " + target.message);
    }
    run.add_dotenv(k_dotenv_healthy, healthy);
    run.add_dotenv(k_dotenv_first_healthy, first);
    run.add_dotenv(k_dotenv_status, status);

    lifeline::Context& context = run.context();
    lifeline::Status written;
    if (junit_path) {
        written = lifeline::output::write_junit(context.fs, *junit_path,
                                                junit_suites(report, run.document().started_at),
                                                run.redactor());
    }
    if (prometheus_path) {
        lifeline::Status metrics = lifeline::output::write_prometheus_textfile(
            context.fs, *prometheus_path, prometheus_families(report), run.redactor());
        if (written && !metrics)
            written = metrics;
    }
    return written;
}

}  // namespace probe_endpoint
