#pragma once
// Where pick-provider learns about health: the state store (default), a probe-endpoint status
// document (--probe-results FILE), or probes sent now (--probe). Each becomes a
// routing::HealthMap keyed by "provider/model".

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/probe/probe_result.hpp>
#include <lifeline/routing/health.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

namespace pick_provider {

// One probe outcome, whatever its source. `model` empty = a provider-wide probe (auth/key),
// which speaks for every model of that provider.
struct ProbeLine {
    std::string provider;
    std::string model;
    std::optional<lifeline::FailureClass> failure;  // nullopt = ok
    std::optional<double> latency_ms;               // total; nullopt = no request was sent
};

// Reads data.results[] of a probe-endpoint document (provider, model, class, latency_ms.total).
// ErrorCode::invalid_input naming `source_name` for invalid JSON, a missing data.results
// array, or an unknown class id.
lifeline::Result<std::vector<ProbeLine>> parse_probe_document(std::string_view json_text,
                                                              const std::string& source_name);

// Probe results of this run (--probe) as lines.
std::vector<ProbeLine> probe_lines(const std::vector<lifeline::probe::ProbeResult>& results);

// Per candidate: success rate and p50 latency over its lines (model-specific and provider-wide);
// last_class the first auth/quota_exhausted/region_blocked among them, else, when nothing
// succeeded, the first failure. Candidates without lines are left out. `source` is recorded.
lifeline::routing::HealthMap health_from_lines(
    const std::vector<ProbeLine>& lines,
    const std::vector<lifeline::routing::RouteCandidate>& candidates, const std::string& source);

}  // namespace pick_provider
