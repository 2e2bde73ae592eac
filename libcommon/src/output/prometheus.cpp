#include <charconv>
#include <cmath>
#include <set>

#include <lifeline/output/prometheus.hpp>

namespace lifeline::output {
namespace {

bool is_alpha_(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool valid_metric_name(std::string_view name) {
    if (name.empty() || !(is_alpha_(name.front()) || name.front() == ':'))
        return false;
    for (char c : name) {
        if (!(is_alpha_(c) || is_digit(c) || c == ':'))
            return false;
    }
    return true;
}

bool valid_label_name(std::string_view name) {
    if (name.empty() || !is_alpha_(name.front()))
        return false;
    for (char c : name) {
        if (!(is_alpha_(c) || is_digit(c)))
            return false;
    }
    return true;
}

const char* type_name(MetricType type) {
    switch (type) {
        case MetricType::gauge:
            return "gauge";
        case MetricType::counter:
            return "counter";
        case MetricType::untyped:
            return "untyped";
    }
    return "untyped";
}

Failure<Error> invalid(const std::string& message) {
    return fail(ErrorCode::invalid_input, message);
}

}  // namespace

std::string escape_label_value(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string escape_help(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string format_metric_value(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

Result<std::string> render_prometheus(const std::vector<MetricFamily>& families,
                                      const secret::Redactor& redactor) {
    std::set<std::string> family_names;
    std::string out;
    for (const MetricFamily& family : families) {
        if (!valid_metric_name(family.name))
            return invalid("invalid metric name \"" + family.name +
                           "\": use [a-zA-Z_:][a-zA-Z0-9_:]*");
        if (!family_names.insert(family.name).second)
            return invalid("metric " + family.name + " is given twice");
        if (!family.help.empty())
            out += "# HELP " + family.name + " " + escape_help(redactor.redact(family.help)) + "\n";
        out += "# TYPE " + family.name + " " + type_name(family.type) + "\n";
        std::set<std::string> label_sets;
        for (const MetricSample& sample : family.samples) {
            if (family.type == MetricType::counter &&
                (std::isnan(sample.value) || sample.value < 0))
                return invalid("counter " + family.name + " cannot be negative or NaN");
            std::set<std::string> label_names;
            std::string labels;
            for (const auto& [name, value] : sample.labels) {
                if (!valid_label_name(name))
                    return invalid("metric " + family.name + ": invalid label name \"" + name +
                                   "\": use [a-zA-Z_][a-zA-Z0-9_]*");
                if (name.rfind("__", 0) == 0)
                    return invalid("metric " + family.name + ": label name " + name +
                                   " is reserved (starts with \"__\")");
                if (!label_names.insert(name).second)
                    return invalid("metric " + family.name + ": label " + name + " is given twice");
                labels += labels.empty() ? "{" : ",";
                labels += name + "=\"" + escape_label_value(redactor.redact(value)) + "\"";
            }
            if (!labels.empty())
                labels += "}";
            if (!label_sets.insert(labels).second)
                return invalid("metric " + family.name + " has two samples with labels " +
                               (labels.empty() ? std::string("{}") : labels));
            out += family.name + labels + " " + format_metric_value(sample.value) + "\n";
        }
    }
    return out;
}

Status write_prometheus_textfile(FileSystem& fs, const std::string& path,
                                 const std::vector<MetricFamily>& families,
                                 const secret::Redactor& redactor) {
    const std::string_view suffix = ".prom";
    if (path.size() < suffix.size() ||
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0)
        return fail(ErrorCode::invalid_input,
                    "textfile " + path + " must end in .prom for node_exporter to read it");
    const std::string content = LIFELINE_TRY(render_prometheus(families, redactor));
    return fs.write_file_atomic(path, content);
}

}  // namespace lifeline::output
