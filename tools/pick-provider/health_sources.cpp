// nlohmann::json throws; parse_probe_document is its one border in this tool.
#include "health_sources.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <lifeline/policy/circuit_breaker.hpp>
#include <lifeline/state/health.hpp>

namespace pick_provider {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::FailureClass;
using lifeline::routing::HealthMap;
using lifeline::routing::HealthSnapshot;
using lifeline::routing::RouteCandidate;

namespace {

lifeline::Error bad_document(const std::string& source_name, const std::string& why) {
    return lifeline::make_error(ErrorCode::invalid_input,
                                source_name + ": not a probe-endpoint document: " + why);
}

bool applies_to(const ProbeLine& line, const RouteCandidate& route) {
    return line.provider == route.candidate.provider &&
           (line.model.empty() || line.model == route.candidate.model);
}

}  // namespace

lifeline::Result<std::vector<ProbeLine>> parse_probe_document(std::string_view json_text,
                                                              const std::string& source_name) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::parse_error& error) {
        return fail(bad_document(source_name, error.what()));
    }
    if (!document.is_object() || !document.contains("data") || !document["data"].is_object() ||
        !document["data"].contains("results") || !document["data"]["results"].is_array()) {
        return fail(bad_document(source_name, "no data.results array"));
    }
    std::vector<ProbeLine> lines;
    size_t index = 0;
    for (const nlohmann::json& result : document["data"]["results"]) {
        const std::string where = "data.results[" + std::to_string(index++) + "]";
        if (!result.is_object() || !result.contains("provider") ||
            !result["provider"].is_string() || !result.contains("class") ||
            !result["class"].is_string()) {
            return fail(bad_document(source_name, where + ": needs provider and class strings"));
        }
        ProbeLine line;
        line.provider = result["provider"].get<std::string>();
        if (result.contains("model") && result["model"].is_string())
            line.model = result["model"].get<std::string>();
        const std::string class_id = result["class"].get<std::string>();
        if (class_id != "ok") {
            line.failure = lifeline::parse_failure_class(class_id);
            if (!line.failure)
                return fail(
                    bad_document(source_name, where + ": unknown class \"" + class_id + "\""));
        }
        if (result.contains("latency_ms") && result["latency_ms"].is_object() &&
            result["latency_ms"].contains("total") && result["latency_ms"]["total"].is_number()) {
            line.latency_ms = result["latency_ms"]["total"].get<double>();
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<ProbeLine> probe_lines(const std::vector<lifeline::probe::ProbeResult>& results) {
    std::vector<ProbeLine> lines;
    for (const lifeline::probe::ProbeResult& result : results) {
        ProbeLine line;
        line.provider = result.provider;
        line.model = result.model;
        line.failure = result.failure;
        if (result.latency)
            line.latency_ms = result.latency->total_ms;
        lines.push_back(std::move(line));
    }
    return lines;
}

HealthMap health_from_lines(const std::vector<ProbeLine>& lines,
                            const std::vector<RouteCandidate>& candidates,
                            const std::string& source) {
    HealthMap health;
    for (const RouteCandidate& route : candidates) {
        std::vector<const ProbeLine*> mine;
        for (const ProbeLine& line : lines) {
            if (applies_to(line, route))
                mine.push_back(&line);
        }
        if (mine.empty())
            continue;
        HealthSnapshot snapshot;
        snapshot.source = source;
        size_t successes = 0;
        std::vector<double> latencies;
        std::optional<FailureClass> first_failure;
        for (const ProbeLine* line : mine) {
            if (!line->failure) {
                ++successes;
                if (line->latency_ms)
                    latencies.push_back(*line->latency_ms);
                continue;
            }
            if (!first_failure)
                first_failure = line->failure;
            // One rejected key or empty account outweighs any number of other probes.
            if (!snapshot.last_class &&
                lifeline::routing::is_disqualifying_probe_class(*line->failure))
                snapshot.last_class = line->failure;
        }
        if (!snapshot.last_class && successes == 0)
            snapshot.last_class = first_failure;
        snapshot.success_rate = static_cast<double>(successes) / static_cast<double>(mine.size());
        if (!latencies.empty()) {
            std::sort(latencies.begin(), latencies.end());
            // Nearest rank, as the state store computes it.
            const double p50 = latencies[(latencies.size() - 1) / 2];
            snapshot.latency_p50 = lifeline::Duration(static_cast<int64_t>(p50 + 0.5));
        }
        health[route.candidate.label()] = std::move(snapshot);
    }
    return health;
}

}  // namespace pick_provider
