#pragma once
// One loaded lifeline.yaml as the proxy serves it: the config, the failover policy for
// requests, every model as a route candidate, and each provider's credential resolved once.
// Immutable once built; a SIGHUP builds a new one and requests in flight keep the old.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/policy/attempt_plan.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/secret/secret.hpp>

namespace failover_proxy {

struct Credential {
    std::optional<lifeline::secret::Secret> secret;  // nullopt: the provider needs none
    std::string error;                               // why it could not be resolved ("" = ok)
};

struct Snapshot {
    lifeline::config::Config config;
    lifeline::policy::ChainPolicy policy;
    std::map<std::string, lifeline::routing::RouteCandidate> candidates;  // by model name
    std::map<std::string, Credential> credentials;                        // by provider name

    const lifeline::routing::RouteCandidate* candidate(const std::string& model) const;
    const Credential* credential(const std::string& provider) const;
    std::vector<lifeline::routing::RouteCandidate> all_candidates() const;
};

// Builds the snapshot for `config`. Credentials are resolved now with `credentials` (an unset
// key is not fatal: that provider's attempts fail as auth, which the policy skips). The proxy's
// policy is the config's retry rules with two changes: a timeout or a TLS failure moves to the
// next candidate at once (a silent upstream is not asked again, a certificate does not change
// within a request), and no wait on the same candidate is longer
// than `max_wait` (an agent is waiting: a longer Retry-After moves to the next candidate).
std::shared_ptr<const Snapshot> make_snapshot(lifeline::config::Config config,
                                              lifeline::provider::CredentialResolver& credentials,
                                              lifeline::Duration max_wait);

}  // namespace failover_proxy
