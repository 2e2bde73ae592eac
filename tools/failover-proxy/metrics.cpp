#include "metrics.hpp"

#include <lifeline/output/prometheus.hpp>

namespace failover_proxy {

using lifeline::output::escape_label_value;
using lifeline::output::format_metric_value;

namespace {

std::string label(const std::string& name, const std::string& value) {
    return name + "=\"" + escape_label_value(value) + "\"";
}

void header(std::string& out, const std::string& name, const std::string& help, const char* type) {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

void Metrics::Histogram::add(double seconds) {
    for (size_t i = 0; i < k_buckets.size(); ++i) {
        if (seconds <= k_buckets[i])
            ++counts[i];
    }
    ++count;
    sum += seconds;
}

void Metrics::request(const std::string& api, const std::string& lane, const std::string& outcome) {
    std::lock_guard lock(m_mutex);
    ++m_requests[{api, lane, outcome}];
}

void Metrics::attempt(const std::string& candidate, const std::string& outcome,
                      double upstream_seconds) {
    std::lock_guard lock(m_mutex);
    ++m_attempts[{candidate, outcome}];
    m_upstream.add(upstream_seconds);
}

void Metrics::failover(const std::string& candidate, const std::string& failure_class) {
    std::lock_guard lock(m_mutex);
    ++m_failovers[{candidate, failure_class}];
}

void Metrics::first_byte(double seconds) {
    std::lock_guard lock(m_mutex);
    m_first_byte.add(seconds);
}

void Metrics::tokens(const std::string& candidate, int64_t input, int64_t output) {
    std::lock_guard lock(m_mutex);
    m_tokens[{candidate, "input"}] += input;
    m_tokens[{candidate, "output"}] += output;
}

void Metrics::render_histogram(std::string& out, const std::string& name, const std::string& help,
                               const Histogram& histogram) {
    header(out, name, help, "histogram");
    for (size_t i = 0; i < k_buckets.size(); ++i) {
        out += name + "_bucket{le=\"" + format_metric_value(k_buckets[i]) + "\"} " +
               std::to_string(histogram.counts[i]) + "\n";
    }
    out += name + "_bucket{le=\"+Inf\"} " + std::to_string(histogram.count) + "\n";
    out += name + "_sum " + format_metric_value(histogram.sum) + "\n";
    out += name + "_count " + std::to_string(histogram.count) + "\n";
}

std::string Metrics::render(const std::map<std::string, int>& circuits, int in_flight) const {
    std::lock_guard lock(m_mutex);
    std::string out;
    header(out, "lifeline_proxy_requests_total", "Client requests by API, lane and outcome",
           "counter");
    for (const auto& [key, count] : m_requests) {
        const auto& [api, lane, outcome] = key;
        out += "lifeline_proxy_requests_total{" + label("api", api) + "," + label("lane", lane) +
               "," + label("outcome", outcome) + "} " + std::to_string(count) + "\n";
    }
    header(out, "lifeline_proxy_attempts_total", "Upstream attempts by candidate and outcome",
           "counter");
    for (const auto& [key, count] : m_attempts) {
        out += "lifeline_proxy_attempts_total{" + label("candidate", key.first) + "," +
               label("outcome", key.second) + "} " + std::to_string(count) + "\n";
    }
    header(out, "lifeline_proxy_failovers_total",
           "Requests that left a candidate for another, by the failure class", "counter");
    for (const auto& [key, count] : m_failovers) {
        out += "lifeline_proxy_failovers_total{" + label("candidate", key.first) + "," +
               label("class", key.second) + "} " + std::to_string(count) + "\n";
    }
    header(out, "lifeline_proxy_tokens_total", "Tokens the upstreams reported, by candidate",
           "counter");
    for (const auto& [key, count] : m_tokens) {
        out += "lifeline_proxy_tokens_total{" + label("candidate", key.first) + "," +
               label("kind", key.second) + "} " + std::to_string(count) + "\n";
    }
    header(out, "lifeline_proxy_circuit_state",
           "Circuit per candidate: 0 closed, 1 open, 2 half-open", "gauge");
    for (const auto& [candidate, state] : circuits)
        out += "lifeline_proxy_circuit_state{" + label("candidate", candidate) + "} " +
               std::to_string(state) + "\n";
    header(out, "lifeline_proxy_in_flight", "Client requests being served", "gauge");
    out += "lifeline_proxy_in_flight " + std::to_string(in_flight) + "\n";
    render_histogram(out, "lifeline_proxy_first_byte_seconds",
                     "Time from the client's request to the first byte sent back", m_first_byte);
    render_histogram(out, "lifeline_proxy_upstream_seconds", "Duration of upstream attempts",
                     m_upstream);
    return out;
}

}  // namespace failover_proxy
