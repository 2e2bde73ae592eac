#include <algorithm>
#include <cstdio>

#include <lifeline/policy/candidate.hpp>
#include <lifeline/policy/class_policy.hpp>
#include <lifeline/routing/agent_env.hpp>
#include <lifeline/routing/codex_profile.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

namespace {

struct TomlField {
    std::string key;
    std::string value;  // already TOML
};

// The [model_providers.<id>] fields in the order a reader expects them; `env_key` names the
// variable holding the key ("" = none).
Result<std::vector<TomlField>> provider_fields(const config::ProviderConfig& provider,
                                               const config::ModelConfig& model,
                                               const CodexRetrySettings& retries,
                                               const std::string& env_key) {
    if (const std::string reason = codex_unusable_reason(provider); !reason.empty()) {
        return fail(ErrorCode::unsupported,
                    policy::candidate_label(provider.name, model.name) + ": " + reason);
    }
    std::vector<TomlField> fields;
    fields.push_back({"name", toml_quote("lifeline: " + provider.name)});
    fields.push_back({"base_url", toml_quote(provider.base_url)});
    if (!env_key.empty())
        fields.push_back({"env_key", toml_quote(env_key)});
    fields.push_back({"wire_api", toml_quote("responses")});
    if (provider.kind == config::ProviderKind::azure && !provider.api_version.empty())
        fields.push_back(
            {"query_params", "{ api-version = " + toml_quote(provider.api_version) + " }"});
    fields.push_back({"request_max_retries", std::to_string(retries.request_max_retries)});
    fields.push_back({"stream_max_retries", std::to_string(retries.stream_max_retries)});
    fields.push_back(
        {"stream_idle_timeout_ms", std::to_string(retries.stream_idle_timeout.count())});
    return fields;
}

}  // namespace

CodexRetrySettings codex_retry_settings(const config::Config& config,
                                        Duration stream_idle_timeout) {
    const int per_request = std::max(0, config.budget.max_retries_per_request.value_or(1));
    int transient = 0;
    for (FailureClass failure_class : all_failure_classes()) {
        if (is_transient(failure_class) && failure_class != FailureClass::stream_broken)
            transient = std::max(transient,
                                 policy::resolve_class_action(failure_class, config.retry).retries);
    }
    const int stream =
        policy::resolve_class_action(FailureClass::stream_broken, config.retry).retries;

    CodexRetrySettings settings;
    settings.request_max_retries = std::min({1, per_request, transient});
    settings.stream_max_retries = std::min({1, per_request, stream});
    settings.stream_idle_timeout = stream_idle_timeout;
    return settings;
}

bool codex_can_serve(const config::ProviderConfig& provider) {
    switch (provider.kind) {
        case config::ProviderKind::openai:
        case config::ProviderKind::azure:
        case config::ProviderKind::openrouter:
        case config::ProviderKind::openai_compatible:
            return true;
        case config::ProviderKind::anthropic:
        case config::ProviderKind::gemini:
            return false;
    }
    return false;
}

std::string codex_unusable_reason(const config::ProviderConfig& provider) {
    if (codex_can_serve(provider))
        return "";
    return std::string("Codex speaks only the OpenAI Responses API, which ") +
           config::to_string(provider.kind) + " providers do not serve";
}

std::string codex_provider_id(const config::ProviderConfig& provider) {
    std::string id = "lifeline-";
    for (char c : provider.name) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_';
        id += plain ? c : '-';
    }
    return id;
}

std::string toml_quote(std::string_view text) {
    std::string quoted = "\"";
    for (char c : text) {
        switch (c) {
            case '"':
                quoted += "\\\"";
                break;
            case '\\':
                quoted += "\\\\";
                break;
            case '\b':
                quoted += "\\b";
                break;
            case '\t':
                quoted += "\\t";
                break;
            case '\n':
                quoted += "\\n";
                break;
            case '\f':
                quoted += "\\f";
                break;
            case '\r':
                quoted += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char escape[8];
                    std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
                    quoted += escape;
                } else {
                    quoted += c;  // UTF-8 passes through: TOML files are UTF-8
                }
        }
    }
    quoted += '"';
    return quoted;
}

Result<std::string> render_codex_profile(const RouteCandidate& route,
                                         const CodexRetrySettings& retries, const std::string& lane,
                                         const std::vector<std::string>& fallbacks) {
    const std::vector<TomlField> fields = LIFELINE_TRY(
        provider_fields(route.provider, route.model, retries, key_env_name(route.provider)));
    const std::string id = codex_provider_id(route.provider);
    std::string text;
    text += "# Written by lifeline pick-provider";
    text += lane.empty() ? "" : " for lane " + lane;
    text += ": " + route.candidate.label() + "\n";
    if (!fallbacks.empty())
        text += "# Fallbacks (run-with-failover): " + join(fallbacks, ", ") + "\n";
    text += "# Codex retries at most once; lifeline owns retries and fallback across the chain.\n";
    text += "model = " + toml_quote(route.model.upstream_id()) + "\n";
    text += "model_provider = " + toml_quote(id) + "\n";
    if (route.model.context_window > 0)
        text += "model_context_window = " + std::to_string(route.model.context_window) + "\n";
    text += "\n[model_providers." + id + "]\n";
    for (const TomlField& field : fields)
        text += field.key + " = " + field.value + "\n";
    return text;
}

Result<std::vector<std::string>> codex_overrides(const config::ProviderConfig& provider,
                                                 const config::ModelConfig& model,
                                                 const CodexRetrySettings& retries,
                                                 const std::optional<std::string>& env_key) {
    const std::vector<TomlField> fields = LIFELINE_TRY(
        provider_fields(provider, model, retries, env_key.value_or(key_env_name(provider))));
    const std::string id = codex_provider_id(provider);
    std::string table = "{ ";
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            table += ", ";
        table += fields[i].key + " = " + fields[i].value;
    }
    table += " }";
    std::vector<std::string> overrides;
    overrides.push_back("model=" + toml_quote(model.upstream_id()));
    overrides.push_back("model_provider=" + toml_quote(id));
    if (model.context_window > 0)
        overrides.push_back("model_context_window=" + std::to_string(model.context_window));
    overrides.push_back("model_providers." + id + "=" + table);
    return overrides;
}

Status validate_codex_profile_name(std::string_view name) {
    const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
    if (!ok) {
        return fail(ErrorCode::invalid_input,
                    "profile name \"" + std::string(name) +
                        "\": Codex accepts letters, digits, '-' and '_' only");
    }
    return {};
}

}  // namespace lifeline::routing
