#pragma once
// Sends every planned probe at once through HttpTransport::perform_all (curl multi in the real
// transport): the wall time is about the slowest probe, and a hung endpoint only costs its own
// --timeout (or the overall --deadline), never the others' time.

#include <functional>
#include <optional>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/probe/probe_result.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::probe {

struct RunSettings {
    lifeline::Duration timeout{10'000};          // per probe (connect included)
    std::optional<lifeline::Duration> deadline;  // the whole run; nullopt = only per-probe
};

// Called with every credential before it is sent, so outputs can redact (and mask) it.
using SecretSink = std::function<void(const lifeline::secret::Secret&)>;

// One result per planned probe, in plan order. Credentials are resolved once per provider at
// the last moment; a provider whose credential cannot be resolved gets an auth result per
// probe without a request (message: the resolver's error, e.g. "OPENAI_API_KEY is not set").
std::vector<ProbeResult> run_probes(const std::vector<PlannedProbe>& probes,
                                    const RunSettings& settings, lifeline::Clock& clock,
                                    lifeline::http::HttpTransport& http,
                                    lifeline::provider::CredentialResolver& credentials,
                                    const SecretSink& on_secret);

}  // namespace lifeline::probe
