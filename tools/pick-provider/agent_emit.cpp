#include "agent_emit.hpp"

#include <lifeline/routing/agent_env.hpp>
#include <lifeline/routing/codex_profile.hpp>
#include <lifeline/util/strings.hpp>

namespace pick_provider {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::config::ProviderKind;

namespace {

constexpr EmitKind k_kinds[] = {EmitKind::codex_profile, EmitKind::codex_args, EmitKind::claude_env,
                                EmitKind::gemini_env};

}  // namespace

const char* to_string(EmitKind kind) {
    switch (kind) {
        case EmitKind::codex_profile:
            return "codex-profile";
        case EmitKind::codex_args:
            return "codex-args";
        case EmitKind::claude_env:
            return "claude-env";
        case EmitKind::gemini_env:
            return "gemini-env";
    }
    return "codex-profile";
}

lifeline::Result<EmitKind> parse_emit_kind(std::string_view text) {
    std::vector<std::string> names;
    for (EmitKind kind : k_kinds) {
        if (text == to_string(kind))
            return kind;
        names.push_back(to_string(kind));
    }
    const std::string close = lifeline::closest_match(text, names);
    return fail(ErrorCode::invalid_input,
                "--emit \"" + std::string(text) + "\": " +
                    (close.empty() ? "expected one of " + lifeline::join(names, ", ")
                                   : "did you mean \"" + close + "\"?"));
}

void restrict_to_agent(lifeline::routing::Constraints& constraints, EmitKind kind) {
    switch (kind) {
        case EmitKind::codex_profile:
        case EmitKind::codex_args:
            constraints.kinds = {ProviderKind::openai, ProviderKind::azure,
                                 ProviderKind::openrouter, ProviderKind::openai_compatible};
            constraints.kinds_for = "codex (OpenAI Responses API)";
            break;
        case EmitKind::claude_env:
            constraints.kinds = {ProviderKind::anthropic};
            constraints.kinds_for = "claude (Anthropic Messages API)";
            break;
        case EmitKind::gemini_env:
            constraints.kinds = {ProviderKind::gemini};
            constraints.kinds_for = "gemini (Gemini API)";
            break;
    }
}

lifeline::Result<std::string> codex_home(const std::optional<std::string>& flag,
                                         const lifeline::Environment& env) {
    if (flag && !flag->empty())
        return *flag;
    if (auto home = env.get_non_empty("CODEX_HOME"))
        return *home;
    if (auto home = env.get_non_empty("HOME"))
        return *home + "/.codex";
    return fail(ErrorCode::invalid_input,
                "--emit codex-profile needs --codex-home (neither CODEX_HOME nor HOME is set)");
}

lifeline::Result<Emitted> render_emit(EmitKind kind, const lifeline::routing::Decision& decision,
                                      const lifeline::config::Config& config,
                                      const std::string& lane, lifeline::Duration stream_idle,
                                      const std::string& home, const std::string& profile_name) {
    const lifeline::routing::RouteCandidate& chosen = decision.chosen();
    const lifeline::routing::CodexRetrySettings retries =
        lifeline::routing::codex_retry_settings(config, stream_idle);
    Emitted emitted;
    emitted.kind = kind;
    switch (kind) {
        case EmitKind::codex_profile: {
            LIFELINE_TRY_VOID(lifeline::routing::validate_codex_profile_name(profile_name));
            std::vector<std::string> fallbacks;
            for (size_t i = 1; i < decision.chain.size(); ++i)
                fallbacks.push_back(decision.chain[i].candidate.label());
            emitted.text = LIFELINE_TRY(
                lifeline::routing::render_codex_profile(chosen, retries, lane, fallbacks));
            emitted.path = home + "/" + profile_name + ".config.toml";
            break;
        }
        case EmitKind::codex_args: {
            const std::vector<std::string> overrides = LIFELINE_TRY(
                lifeline::routing::codex_overrides(chosen.provider, chosen.model, retries));
            for (const std::string& override_text : overrides)
                emitted.text += "-c " + lifeline::routing::shell_quote(override_text) + "\n";
            break;
        }
        case EmitKind::claude_env:
            emitted.text =
                lifeline::routing::render_shell_assignments(lifeline::routing::claude_env(chosen));
            break;
        case EmitKind::gemini_env:
            emitted.text =
                lifeline::routing::render_shell_assignments(lifeline::routing::gemini_env(chosen));
            break;
    }
    return emitted;
}

}  // namespace pick_provider
