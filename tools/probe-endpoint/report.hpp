#pragma once
// Everything probe-endpoint prints or writes, rendered from one ProbeReport: the status
// document's data, the text table, the GitHub step summary, JUnit test cases and Prometheus
// metrics in blackbox_exporter's style. Pure (redaction happens in the sinks).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/output/junit.hpp>
#include <lifeline/output/prometheus.hpp>
#include <lifeline/probe/probe_result.hpp>
#include <lifeline/probe/targets.hpp>

#include "verdict.hpp"

namespace probe_endpoint {

// The probes themselves (targets, plans, running and reading them) are libcommon's probe module.
using lifeline::probe::ProbeResult;
using lifeline::probe::SkippedTarget;

struct ProbeReport {
    std::vector<ProbeResult> results;
    std::vector<SkippedTarget> skipped;  // whole targets and single probes
    std::vector<TargetHealth> targets;
    Verdict verdict;
    HealthRequirement requirement;
    nlohmann::json cost = nlohmann::json::object();
};

// data: {"healthy": [...], "results": [...], "targets": [...], "skipped": [...],
//        "require_healthy": "any", "cost": {...}}.
nlohmann::json report_data(const ProbeReport& report);

// The aligned table of --format text, then the skipped targets and the summary line.
std::string render_report_text(const ProbeReport& report);

// Markdown for GITHUB_STEP_SUMMARY: a heading with the summary and one row per result.
std::string render_summary_markdown(const ProbeReport& report);

// One testcase per target (failure when not healthy; skipped with the reason), in one suite.
std::vector<lifeline::output::JUnitSuite> junit_suites(const ProbeReport& report,
                                                       lifeline::SystemTime started_at);

// probe_success, probe_duration_seconds{phase=resolve|connect|tls|processing|transfer},
// probe_http_status_code, probe_ttft_seconds, probe_rate_limit_remaining and
// probe_credit_remaining, labelled target/provider/model/probe.
std::vector<lifeline::output::MetricFamily> prometheus_families(const ProbeReport& report);

}  // namespace probe_endpoint
