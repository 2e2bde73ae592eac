#pragma once
// One attempt's upstream request: which wire API the candidate is reached with, and the HTTP
// request in that API (the client's body passed through when the APIs match, else translated
// through the neutral model).

#include <string>
#include <vector>

#include <lifeline/http/transport.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/translate/api.hpp>
#include <lifeline/util/result.hpp>

#include "client_request.hpp"

namespace failover_proxy {

// The API a client of `client` reaches `candidate` with: Responses for models with the
// `responses` capability (GPT-5 codex models refuse Chat Completions); the client's own API
// when the provider speaks it (no translation); else the provider's native API.
lifeline::translate::Api upstream_api(const lifeline::routing::RouteCandidate& candidate,
                                      lifeline::translate::Api client);

struct UpstreamCall {
    lifeline::http::HttpRequest request;
    lifeline::translate::Api api = lifeline::translate::Api::chat;
    bool pass_through = false;         // same API: the client's bytes go up and come back as is
    std::vector<std::string> dropped;  // what translation left out (hosted tools, ...)
    std::vector<std::string> custom_tools;  // custom tools sent as one-string functions
};

// The request for `candidate`, authenticated with `credential` (nullptr: no auth header).
// Errors: the client's body cannot be decoded for translation (invalid_input).
lifeline::Result<UpstreamCall> build_upstream_call(
    ClientRequest& client, const lifeline::routing::RouteCandidate& candidate,
    const lifeline::secret::Secret* credential);

// The client's anthropic-beta list as an upstream of `provider` may receive it: all of it for
// api.anthropic.com, else only the betas Anthropic-compatible servers are known to accept (an
// unknown beta makes them reject the request). "" = send no header.
std::string betas_for_upstream(const lifeline::config::ProviderConfig& provider,
                               std::string_view client_betas);

}  // namespace failover_proxy
