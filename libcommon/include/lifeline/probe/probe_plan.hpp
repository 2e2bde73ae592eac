#pragma once
// From targets and probe kinds to the probes one run sends, and each probe's HTTP request in
// its provider kind's own shape (provider/request_builder.hpp).

#include <vector>

#include <lifeline/http/transport.hpp>
#include <lifeline/probe/probe_kind.hpp>
#include <lifeline/probe/targets.hpp>
#include <lifeline/provider/request_builder.hpp>
#include <lifeline/provider/wire_api.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::probe {

struct PlannedProbe {
    const Target* target = nullptr;
    ProbeKind kind = ProbeKind::auth;
    // The generation API (generate/stream/tools); chat_completions for the other kinds.
    lifeline::provider::WireApi api = lifeline::provider::WireApi::chat_completions;

    // The model name results carry: the target's model for generation kinds and per-model
    // targets, else empty.
    std::string model_name() const;
};

struct ProbePlan {
    std::vector<PlannedProbe> probes;
    std::vector<SkippedTarget> skipped;  // probes a target cannot take, with the reason
};

// Every target x kind, target-major, minus the combinations unsupported_reason() rules out.
// `targets` must outlive the plan.
ProbePlan plan_probes(const std::vector<Target>& targets, const std::vector<ProbeKind>& kinds);

// The options of the tiny generation each kind sends.
lifeline::provider::GenerateOptions generate_options(ProbeKind kind);

// The request for one probe: auth -> models list; key -> OpenRouter's key limits, the models
// list for other kinds (their rate-limit headers are what is read); generate/stream/tools ->
// one tiny generation on the kind's native API. `credential` may be null (auth: none).
// Timeouts are set by the caller.
lifeline::http::HttpRequest build_probe_request(const PlannedProbe& probe,
                                                const lifeline::secret::Secret* credential);

}  // namespace lifeline::probe
