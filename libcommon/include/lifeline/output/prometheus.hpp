#pragma once
// Prometheus text exposition format for node_exporter's textfile collector: a cron job
// (rotate-keys, budget-check) writes <dir>/lifeline.prom and node_exporter serves it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <lifeline/core/file_system.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::output {

enum class MetricType { gauge, counter, untyped };

struct MetricSample {
    std::vector<std::pair<std::string, std::string>> labels;  // printed in this order
    double value = 0;
};

struct MetricFamily {
    std::string name;  // [a-zA-Z_:][a-zA-Z0-9_:]*
    std::string help;  // one line for # HELP; empty: no HELP line
    MetricType type = MetricType::gauge;
    std::vector<MetricSample> samples;
};

// Label values: \ -> \\, " -> \", newline -> \n.
std::string escape_label_value(std::string_view text);
// HELP text: \ -> \\, newline -> \n.
std::string escape_help(std::string_view text);
// Sample values: integers without a fraction, else the shortest round-trip form; NaN, +Inf, -Inf.
std::string format_metric_value(double value);

// "# HELP ...\n# TYPE ...\nname{label=\"v\"} 1\n" per family, in the given order. Help texts and
// label values are redacted before escaping. ErrorCode::invalid_input for: a bad metric or
// label name, a label name starting with "__" (reserved), a family or a label given twice, the
// same label set twice in a family, a negative or NaN counter.
Result<std::string> render_prometheus(const std::vector<MetricFamily>& families,
                                      const secret::Redactor& redactor);

// render_prometheus into `path` (which must end in ".prom", the only files the collector
// reads), replaced atomically so node_exporter never scrapes half a file.
Status write_prometheus_textfile(FileSystem& fs, const std::string& path,
                                 const std::vector<MetricFamily>& families,
                                 const secret::Redactor& redactor);

}  // namespace lifeline::output
