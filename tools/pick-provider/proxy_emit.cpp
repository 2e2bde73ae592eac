#include "proxy_emit.hpp"

#include <vector>

#include <lifeline/routing/agent_env.hpp>
#include <lifeline/routing/codex_profile.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/strings.hpp>

namespace pick_provider {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::routing::EnvAssignment;
using lifeline::routing::toml_quote;

namespace {

// Codex's model_providers id for the proxy (not one of Codex's built-in ids).
constexpr const char* k_codex_provider_id = "lifeline";

// Through the proxy Codex keeps retries of its own: the proxy ends a stream that failed after
// output started without response.completed, and Codex's stream retry resends the turn, which
// the proxy serves from a healthy candidate (run-with-failover --via proxy does the same).
constexpr int k_codex_request_retries = 1;
constexpr int k_codex_stream_retries = 2;

// Claude Code's model variables: the main ones stay on the lane, the small/fast ones (its own
// background calls) go to the background lane, so no request names a model the proxy lacks.
constexpr const char* k_claude_main_models[] = {"ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
                                                "ANTHROPIC_DEFAULT_OPUS_MODEL",
                                                "CLAUDE_CODE_SUBAGENT_MODEL"};
constexpr const char* k_claude_background_models[] = {"ANTHROPIC_SMALL_FAST_MODEL",
                                                      "ANTHROPIC_DEFAULT_HAIKU_MODEL"};

lifeline::Failure<lifeline::Error> invalid_url(std::string_view text, const std::string& why) {
    return fail(ErrorCode::invalid_input, "--via \"" + std::string(text) + "\": " + why +
                                              " (expected the proxy's URL, e.g. "
                                              "http://127.0.0.1:4141 from its ready file)");
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The [model_providers.lifeline] fields, each value already TOML.
std::vector<std::pair<std::string, std::string>> codex_provider_fields(
    const std::string& url, lifeline::Duration stream_idle) {
    return {
        {"name", toml_quote(k_codex_provider_id)},
        {"base_url", toml_quote(url + "/v1")},
        {"env_key", toml_quote(k_proxy_token_env)},
        {"wire_api", toml_quote("responses")},
        {"request_max_retries", std::to_string(k_codex_request_retries)},
        {"stream_max_retries", std::to_string(k_codex_stream_retries)},
        {"stream_idle_timeout_ms", std::to_string(stream_idle.count())},
    };
}

std::string codex_profile_text(const std::string& url, const ProxyLane& lane,
                               lifeline::Duration stream_idle) {
    std::string text = "# Written by lifeline pick-provider for lane " + lane.name +
                       ": the failover-proxy at " + url + "\n";
    text +=
        "# The proxy runs the lane's chain per request; Codex resends a turn whose stream "
        "the proxy ended.\n";
    text += "model = " + toml_quote(lane.name) + "\n";
    text += "model_provider = " + toml_quote(k_codex_provider_id) + "\n";
    if (lane.context_window > 0)
        text += "model_context_window = " + std::to_string(lane.context_window) + "\n";
    text += "\n[model_providers." + std::string(k_codex_provider_id) + "]\n";
    for (const auto& [key, value] : codex_provider_fields(url, stream_idle))
        text += key + " = " + value + "\n";
    return text;
}

std::string codex_args_text(const std::string& url, const ProxyLane& lane,
                            lifeline::Duration stream_idle) {
    std::vector<std::string> overrides;
    overrides.push_back("model=" + toml_quote(lane.name));
    overrides.push_back("model_provider=" + toml_quote(k_codex_provider_id));
    if (lane.context_window > 0)
        overrides.push_back("model_context_window=" + std::to_string(lane.context_window));
    std::vector<std::string> fields;
    for (const auto& [key, value] : codex_provider_fields(url, stream_idle))
        fields.push_back(key + " = " + value);
    overrides.push_back("model_providers." + std::string(k_codex_provider_id) + "={ " +
                        lifeline::join(fields, ", ") + " }");
    std::string text;
    for (const std::string& override_text : overrides)
        text += "-c " + lifeline::routing::shell_quote(override_text) + "\n";
    return text;
}

// NAME="${LIFELINE_PROXY_TOKEN}": double quotes, so `eval` expands the reference and nothing
// else; the token itself is never known here.
std::string token_reference(const std::string& name) {
    return name + "=\"${" + k_proxy_token_env + "}\"\n";
}

std::string claude_env_text(const std::string& url, const ProxyLane& lane) {
    std::vector<EnvAssignment> models;
    for (const char* variable : k_claude_main_models)
        models.push_back({variable, lane.name});
    for (const char* variable : k_claude_background_models)
        models.push_back({variable, lane.background});
    // Claude Code assumes a 1M-token window for a model name it does not know (a lane) and
    // takes this one instead: it compacts before the smallest candidate overflows.
    if (lane.context_window > 0)
        models.push_back({"CLAUDE_CODE_MAX_CONTEXT_TOKENS", std::to_string(lane.context_window)});
    return lifeline::routing::render_shell_assignments({{"ANTHROPIC_BASE_URL", url}}) +
           token_reference("ANTHROPIC_AUTH_TOKEN") +
           lifeline::routing::render_shell_assignments(models);
}

std::string gemini_env_text(const std::string& url, const ProxyLane& lane) {
    return lifeline::routing::render_shell_assignments({{"GOOGLE_GEMINI_BASE_URL", url}}) +
           token_reference("GEMINI_API_KEY") +
           lifeline::routing::render_shell_assignments({{"GEMINI_MODEL", lane.name}});
}

}  // namespace

lifeline::Result<std::string> parse_proxy_url(std::string_view text) {
    std::string_view rest;
    for (std::string_view scheme : {"http://", "https://"}) {
        if (text.size() > scheme.size() && lifeline::iequals(text.substr(0, scheme.size()), scheme))
            rest = text.substr(scheme.size());
    }
    if (rest.empty())
        return invalid_url(text, "not an http:// or https:// URL");
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '"' || c == '\'')
            return invalid_url(text, "contains a space, quote or control character");
        if (c == '?' || c == '#')
            return invalid_url(text, "has a query or fragment");
    }
    if (rest.front() == '/' || rest.front() == ':')
        return invalid_url(text, "has no host");
    std::string url(text);
    while (url.back() == '/')
        url.pop_back();
    // Each agent appends its own API's path (/v1/responses, /v1/messages, /v1beta/...).
    if (ends_with(url, "/v1") || ends_with(url, "/v1beta"))
        return invalid_url(text, "give the proxy's root URL, without the API version path");
    return url;
}

lifeline::Result<ProxyLane> proxy_lane(const lifeline::config::Config& config,
                                       const std::string& name) {
    const lifeline::routing::CandidateList candidates =
        LIFELINE_TRY(lifeline::routing::build_candidates(config, {name, {}}));
    const lifeline::config::LaneConfig* lane = config.find_lane(candidates.lane);
    if (lane == nullptr)  // not reached: build_candidates resolved the name as a lane
        return fail(ErrorCode::invalid_input, "unknown lane \"" + name + "\"");
    ProxyLane result;
    result.name = lane->name;
    result.background = lane->background_lane();
    for (const auto& route : candidates.candidates) {
        const int64_t window = route.model.context_window;
        if (window <= 0 || window < lane->min_context)
            continue;
        if (result.context_window == 0 || window < result.context_window)
            result.context_window = window;
    }
    return result;
}

lifeline::Result<Emitted> render_proxy_emit(EmitKind kind, const std::string& url,
                                            const ProxyLane& lane, lifeline::Duration stream_idle,
                                            const std::string& home,
                                            const std::string& profile_name) {
    Emitted emitted;
    emitted.kind = kind;
    switch (kind) {
        case EmitKind::codex_profile:
            LIFELINE_TRY_VOID(lifeline::routing::validate_codex_profile_name(profile_name));
            emitted.text = codex_profile_text(url, lane, stream_idle);
            emitted.path = home + "/" + profile_name + ".config.toml";
            break;
        case EmitKind::codex_args:
            emitted.text = codex_args_text(url, lane, stream_idle);
            break;
        case EmitKind::claude_env:
            emitted.text = claude_env_text(url, lane);
            break;
        case EmitKind::gemini_env:
            emitted.text = gemini_env_text(url, lane);
            break;
    }
    return emitted;
}

}  // namespace pick_provider
