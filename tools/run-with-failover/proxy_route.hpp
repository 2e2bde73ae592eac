#pragma once
// What an agent is given in proxy mode: the one candidate that stands for the lane on the
// sidecar, and the provider key variables it must not see.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/route_candidate.hpp>

#include "agent.hpp"

namespace run_with_failover {

// The one candidate an agent sees in proxy mode: the lane, served by the proxy at `url`, in the
// shape `agent` speaks (Codex: an openai provider on the Responses API at URL/v1; Claude Code:
// anthropic; Gemini CLI: gemini; generic: openai-compatible at URL/v1). Its auth is the proxy's
// token in LIFELINE_PROXY_TOKEN.
lifeline::routing::RouteCandidate proxy_candidate(AgentKind agent, const std::string& url,
                                                  const std::string& lane);

// The variables holding configured provider keys (auth: {env: NAME}), which an agent in proxy
// mode must not see.
std::vector<std::string> provider_key_variables(const lifeline::config::Config& config);

}  // namespace run_with_failover
