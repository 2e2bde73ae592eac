#pragma once
// --emit: the decision as configuration an agent CLI understands (routing/codex_profile.hpp,
// routing/agent_env.hpp), and where it goes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/routing/constraints.hpp>
#include <lifeline/routing/decision.hpp>
#include <lifeline/util/result.hpp>

namespace pick_provider {

enum class EmitKind { codex_profile, codex_args, claude_env, gemini_env };

// "codex-profile", "codex-args", "claude-env", "gemini-env".
const char* to_string(EmitKind kind);
// ErrorCode::invalid_input listing the kinds (with "did you mean") for anything else.
lifeline::Result<EmitKind> parse_emit_kind(std::string_view text);

// The provider kinds the agent can talk to, as a constraint: codex -> openai, azure,
// openrouter, openai-compatible; claude -> anthropic; gemini -> gemini.
void restrict_to_agent(lifeline::routing::Constraints& constraints, EmitKind kind);

// Where --emit codex-profile writes: --codex-home, else $CODEX_HOME, else $HOME/.codex.
// ErrorCode::invalid_input when none is known.
lifeline::Result<std::string> codex_home(const std::optional<std::string>& flag,
                                         const lifeline::Environment& env);

// What an emit produces: the text, and for codex-profile the file it belongs in.
struct Emitted {
    EmitKind kind = EmitKind::codex_profile;
    std::string text;
    std::string path;  // codex-profile: <home>/<name>.config.toml; else ""
};

// Renders `kind` for the decision's choice (which must exist). codex-args: one shell-quoted
// "-c 'key=value'" per line. claude-env/gemini-env: shell assignments.
lifeline::Result<Emitted> render_emit(EmitKind kind, const lifeline::routing::Decision& decision,
                                      const lifeline::config::Config& config,
                                      const std::string& lane, lifeline::Duration stream_idle,
                                      const std::string& home, const std::string& profile_name);

}  // namespace pick_provider
