#include <algorithm>
#include <map>
#include <memory>

#include <lifeline/http/transport.hpp>
#include <lifeline/probe/probe_runner.hpp>
#include <lifeline/probe/read_probe.hpp>
#include <lifeline/probe/stream_capture.hpp>

namespace lifeline::probe {

using lifeline::Duration;
namespace http = lifeline::http;

namespace {

using Credential = lifeline::Result<std::optional<lifeline::secret::Secret>>;

struct Pending {
    const PlannedProbe* probe = nullptr;
    std::unique_ptr<StreamCapture> capture;  // stream probes only
};

}  // namespace

std::vector<ProbeResult> run_probes(const std::vector<PlannedProbe>& probes,
                                    const RunSettings& settings, lifeline::Clock& clock,
                                    lifeline::http::HttpTransport& http,
                                    lifeline::provider::CredentialResolver& credentials,
                                    const SecretSink& on_secret) {
    // Every probe of one provider shares its credential; resolve each once.
    std::map<std::string, Credential> resolved;
    for (const PlannedProbe& probe : probes) {
        const auto& provider = *probe.target->provider;
        if (resolved.count(provider.name) != 0)
            continue;
        Credential credential = credentials.resolve(provider);
        if (credential && credential->has_value() && on_secret)
            on_secret(**credential);
        resolved.emplace(provider.name, std::move(credential));
    }

    const Duration total =
        settings.deadline ? std::min(settings.timeout, *settings.deadline) : settings.timeout;
    const bool deadline_cut = settings.deadline && *settings.deadline < settings.timeout;
    std::vector<ProbeResult> results(probes.size());
    std::vector<http::HttpRequest> requests;
    std::vector<size_t> request_index;  // requests[i] answers probes[request_index[i]]
    std::vector<Pending> pending(probes.size());
    for (size_t i = 0; i < probes.size(); ++i) {
        const PlannedProbe& probe = probes[i];
        const Credential& credential = resolved.at(probe.target->provider->name);
        if (!credential) {
            results[i] =
                unsent_probe(probe, lifeline::FailureClass::auth, credential.error().message);
            continue;
        }
        const lifeline::secret::Secret* secret =
            credential->has_value() ? &credential->value() : nullptr;
        http::HttpRequest request = build_probe_request(probe, secret);
        request.timeouts.total = total;
        request.timeouts.connect = total;
        pending[i].probe = &probe;
        if (probe.kind == ProbeKind::stream) {
            pending[i].capture = std::make_unique<StreamCapture>(probe.api, clock);
            StreamCapture* capture = pending[i].capture.get();
            request.on_body_chunk = [capture](std::string_view chunk) {
                return capture->on_chunk(chunk);
            };
        }
        requests.push_back(std::move(request));
        request_index.push_back(i);
    }

    std::vector<http::HttpResult> outcomes = http.perform_all(requests);
    const lifeline::SystemTime now = clock.now();
    for (size_t r = 0; r < outcomes.size() && r < request_index.size(); ++r) {
        const size_t i = request_index[r];
        results[i] =
            read_probe(probes[i], outcomes[r], pending[i].capture.get(), now, deadline_cut);
    }
    return results;
}

}  // namespace lifeline::probe
