#pragma once
// --emit ... --via URL: configuration that points an agent at a failover-proxy someone already
// runs (a laptop, a shared runner service), with the lane as the model. No candidate is chosen
// here: the proxy runs the lane's chain for every request. The token is never written, only a
// reference to LIFELINE_PROXY_TOKEN (the variable the proxy's ready file sets).

#include <cstdint>
#include <string>
#include <string_view>

#include <lifeline/config/model.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

#include "agent_emit.hpp"

namespace pick_provider {

// The variable agents read the proxy's token from.
inline constexpr const char* k_proxy_token_env = "LIFELINE_PROXY_TOKEN";

// The --via value checked: http:// or https:// and a host, without spaces, query or fragment;
// trailing '/' removed. ErrorCode::invalid_input naming --via and the expected shape otherwise.
lifeline::Result<std::string> parse_proxy_url(std::string_view text);

// What an agent needs to know about the lane it asks the proxy for.
struct ProxyLane {
    std::string name;
    std::string background;      // the lane of the agent's own background calls
    int64_t context_window = 0;  // smallest known window of the candidates that can serve; 0 = none
};

// The lane `name` of `config`. context_window leaves out models below the lane's min_context
// (the proxy never sends them a request) and models without a known window.
// ErrorCode::invalid_input for an unknown lane or model, with a "did you mean".
lifeline::Result<ProxyLane> proxy_lane(const lifeline::config::Config& config,
                                       const std::string& name);

// Renders `kind` for the proxy at `url` (as parse_proxy_url returns it):
// codex-profile/codex-args: model provider "lifeline" at URL/v1 on the Responses API, env_key
//   LIFELINE_PROXY_TOKEN, model = the lane, model_context_window, Codex's own retries on
//   (the proxy ends a failed stream so that Codex resends the turn);
// claude-env: ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN="${LIFELINE_PROXY_TOKEN}", every model
//   variable = the lane, the small/fast (haiku) ones = the background lane,
//   CLAUDE_CODE_MAX_CONTEXT_TOKENS = the lane's window when known;
// gemini-env: GOOGLE_GEMINI_BASE_URL, GEMINI_API_KEY="${LIFELINE_PROXY_TOKEN}", GEMINI_MODEL.
// The env kinds are meant for `eval`: the token reference expands there. Errors: an invalid
// profile name (codex-profile).
lifeline::Result<Emitted> render_proxy_emit(EmitKind kind, const std::string& url,
                                            const ProxyLane& lane, lifeline::Duration stream_idle,
                                            const std::string& home,
                                            const std::string& profile_name);

}  // namespace pick_provider
