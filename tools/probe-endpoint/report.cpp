#include "report.hpp"

#include <algorithm>
#include <cmath>

#include <lifeline/output/markdown.hpp>
#include <lifeline/output/text.hpp>
#include <lifeline/util/strings.hpp>

namespace probe_endpoint {

using lifeline::output::JUnitCase;
using lifeline::output::JUnitFailure;
using lifeline::output::JUnitSuite;
using lifeline::output::MetricFamily;
using lifeline::output::MetricSample;
using lifeline::output::MetricType;
using nlohmann::json;

namespace {

std::string format_ms(double ms) {
    return std::to_string(static_cast<long long>(std::llround(ms))) + "ms";
}

std::string latency_cell(const ProbeResult& result) {
    return result.latency ? format_ms(result.latency->total_ms) : "-";
}

std::string status_cell(const ProbeResult& result) {
    return result.http_status != 0 ? std::to_string(result.http_status) : "-";
}

std::vector<std::string> result_row(const ProbeResult& result) {
    return {result.target,
            to_string(result.probe),
            result.class_id(),
            to_string(result.health()),
            status_cell(result),
            latency_cell(result),
            result.ttft_ms ? format_ms(*result.ttft_ms) : "-",
            result.unmet_conditions.empty()
                ? result.message
                : result.message + " [unmet: " + result.unmet_conditions.front() + "]"};
}

const std::vector<std::string>& result_headers() {
    static const std::vector<std::string> k_headers = {"TARGET", "PROBE",   "CLASS", "HEALTH",
                                                       "HTTP",   "LATENCY", "TTFT",  "MESSAGE"};
    return k_headers;
}

std::string skipped_line(const SkippedTarget& skipped) {
    return skipped.name + (skipped.probe.empty() ? "" : " (" + skipped.probe + ")") + ": " +
           skipped.reason;
}

std::vector<std::pair<std::string, std::string>> labels_of(const ProbeResult& result) {
    return {{"target", result.target},
            {"provider", result.provider},
            {"model", result.model},
            {"probe", to_string(result.probe)}};
}

MetricSample sample(const ProbeResult& result, double value) {
    return {labels_of(result), value};
}

}  // namespace

json report_data(const ProbeReport& report) {
    json results = json::array();
    for (const ProbeResult& result : report.results)
        results.push_back(result.to_json());
    json targets = json::array();
    for (const TargetHealth& target : report.targets) {
        json entry = {{"name", target.name},
                      {"provider", target.provider},
                      {"health", to_string(target.health)}};
        if (target.health != Health::healthy) {
            entry["probe"] = target.failed_probe;
            entry["class"] = target.failure_class;
            entry["message"] = target.message;
        }
        targets.push_back(std::move(entry));
    }
    json skipped = json::array();
    for (const SkippedTarget& entry : report.skipped) {
        json item = {{"name", entry.name}, {"provider", entry.provider}, {"reason", entry.reason}};
        item["model"] = entry.model.empty() ? json(nullptr) : json(entry.model);
        item["probe"] = entry.probe.empty() ? json(nullptr) : json(entry.probe);
        skipped.push_back(std::move(item));
    }
    return {{"healthy", report.verdict.healthy}, {"require_healthy", report.requirement.describe()},
            {"results", std::move(results)},     {"targets", std::move(targets)},
            {"skipped", std::move(skipped)},     {"cost", report.cost}};
}

std::string render_report_text(const ProbeReport& report) {
    std::vector<std::vector<std::string>> rows;
    for (const ProbeResult& result : report.results)
        rows.push_back(result_row(result));
    std::string text =
        rows.empty() ? std::string() : lifeline::output::render_table(result_headers(), rows);
    for (const SkippedTarget& skipped : report.skipped)
        text += "skipped " + skipped_line(skipped) + "\n";
    const auto& cost = report.cost;
    if (cost.value("tokens", 0) > 0)
        text += "probe cost: ~" + std::to_string(cost.value("tokens", 0)) + " tokens (" +
                cost.value("basis", std::string("estimated")) + ")\n";
    text += "probe-endpoint: " + std::string(lifeline::output::to_string(report.verdict.status)) +
            ": " + report.verdict.summary + "\n";
    return text;
}

std::string render_summary_markdown(const ProbeReport& report) {
    std::vector<std::vector<std::string>> rows;
    for (const ProbeResult& result : report.results)
        rows.push_back(result_row(result));
    std::string markdown = "### probe-endpoint: " + report.verdict.summary + "\n\n";
    if (!rows.empty()) {
        std::vector<std::string> headers;
        for (const std::string& header : result_headers())
            headers.push_back(lifeline::to_lower(header));
        markdown += lifeline::output::markdown_table(headers, rows) + "\n";
    }
    for (const SkippedTarget& skipped : report.skipped)
        markdown +=
            "- skipped " + lifeline::output::escape_markdown_cell(skipped_line(skipped)) + "\n";
    return markdown;
}

std::vector<JUnitSuite> junit_suites(const ProbeReport& report, lifeline::SystemTime started_at) {
    JUnitSuite suite{"probe-endpoint", started_at, {}};
    for (const TargetHealth& target : report.targets) {
        JUnitCase test;
        test.name = target.name;
        test.classname = "probe-endpoint." + target.provider;
        double slowest = 0;
        for (const ProbeResult& result : report.results) {
            if (result.target != target.name)
                continue;
            if (result.latency)
                slowest = std::max(slowest, result.latency->total_ms);
            test.system_out += std::string(to_string(result.probe)) + ": " + result.class_id() +
                               " (" + status_cell(result) + ", " + latency_cell(result) + ") " +
                               result.message + "\n";
        }
        // Probes run concurrently, so the target took as long as its slowest probe.
        test.time = lifeline::Duration(static_cast<long long>(std::llround(slowest)));
        if (target.health != Health::healthy) {
            test.failure = JUnitFailure{
                JUnitFailure::Kind::failure,
                target.failed_probe + ": " + target.failure_class + ": " + target.message,
                target.failure_class, test.system_out};
        }
        suite.cases.push_back(std::move(test));
    }
    for (const SkippedTarget& skipped : report.skipped) {
        if (!skipped.probe.empty())
            continue;  // a skipped probe of a probed target is not a test case of its own
        JUnitCase test;
        test.name = skipped.name;
        test.classname = "probe-endpoint." + skipped.provider;
        test.skipped = skipped.reason;
        suite.cases.push_back(std::move(test));
    }
    return {suite};
}

std::vector<MetricFamily> prometheus_families(const ProbeReport& report) {
    MetricFamily success{
        "probe_success", "Whether the probe succeeded (1) or failed (0).", MetricType::gauge, {}};
    MetricFamily duration{"probe_duration_seconds",
                          "Duration of each phase of the probe request, in seconds.",
                          MetricType::gauge,
                          {}};
    MetricFamily status{"probe_http_status_code",
                        "HTTP status of the probe's answer (0: none).",
                        MetricType::gauge,
                        {}};
    MetricFamily ttft{"probe_ttft_seconds",
                      "Time to the first streamed token, in seconds.",
                      MetricType::gauge,
                      {}};
    MetricFamily remaining{"probe_rate_limit_remaining",
                           "Requests left in the provider's rate-limit window.",
                           MetricType::gauge,
                           {}};
    MetricFamily credit{"probe_credit_remaining",
                        "OpenRouter credit left on the key (USD).",
                        MetricType::gauge,
                        {}};
    for (const ProbeResult& result : report.results) {
        success.samples.push_back(sample(result, result.health() == Health::healthy ? 1 : 0));
        status.samples.push_back(sample(result, result.http_status));
        if (result.latency) {
            const lifeline::http::HttpTiming& timing = *result.latency;
            // blackbox_exporter's phases: each is the time spent in that phase alone.
            const double after_connect = timing.tls_ms > 0 ? timing.tls_ms : timing.connect_ms;
            const double ttfb = timing.ttfb_ms > 0 ? timing.ttfb_ms : timing.total_ms;
            const std::pair<const char*, double> phases[] = {
                {"resolve", timing.dns_ms},
                {"connect", std::max(0.0, timing.connect_ms - timing.dns_ms)},
                {"tls", timing.tls_ms > 0 ? std::max(0.0, timing.tls_ms - timing.connect_ms) : 0.0},
                {"processing", std::max(0.0, ttfb - after_connect)},
                {"transfer", std::max(0.0, timing.total_ms - ttfb)},
            };
            for (const auto& [phase, value] : phases) {
                MetricSample phase_sample = sample(result, value / 1000.0);
                phase_sample.labels.emplace_back("phase", phase);
                duration.samples.push_back(std::move(phase_sample));
            }
        }
        if (result.ttft_ms)
            ttft.samples.push_back(sample(result, *result.ttft_ms / 1000.0));
        if (result.rate_limit_remaining)
            remaining.samples.push_back(
                sample(result, static_cast<double>(*result.rate_limit_remaining)));
        if (result.credit_known && result.credit_remaining)
            credit.samples.push_back(sample(result, *result.credit_remaining));
    }
    std::vector<MetricFamily> families{std::move(success), std::move(duration), std::move(status)};
    for (MetricFamily* optional : {&ttft, &remaining, &credit}) {
        if (!optional->samples.empty())
            families.push_back(std::move(*optional));
    }
    return families;
}

}  // namespace probe_endpoint
