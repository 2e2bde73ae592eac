#include <algorithm>

#include <lifeline/config/model.hpp>
#include <lifeline/util/glob.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::config {

namespace {

struct KindName {
    ProviderKind kind;
    const char* name;
};

constexpr KindName k_kind_names[] = {
    {ProviderKind::openai, "openai"},
    {ProviderKind::azure, "azure"},
    {ProviderKind::anthropic, "anthropic"},
    {ProviderKind::gemini, "gemini"},
    {ProviderKind::openrouter, "openrouter"},
    {ProviderKind::openai_compatible, "openai-compatible"},
};

template <typename T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
    const auto it =
        std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string AuthConfig::source() const {
    switch (mode) {
        case Mode::none:
            return "";
        case Mode::env:
            return "env:" + env;
        case Mode::command:
            return "command:" + join(command, " ");
    }
    return "";
}

const char* to_string(ProviderKind kind) {
    for (const KindName& entry : k_kind_names) {
        if (entry.kind == kind)
            return entry.name;
    }
    return "openai-compatible";
}

std::optional<ProviderKind> parse_provider_kind(std::string_view text) {
    for (const KindName& entry : k_kind_names) {
        if (text == entry.name)
            return entry.kind;
    }
    return std::nullopt;
}

std::vector<std::string> all_provider_kind_names() {
    std::vector<std::string> names;
    for (const KindName& entry : k_kind_names)
        names.emplace_back(entry.name);
    return names;
}

bool ModelConfig::has_capability(std::string_view capability) const {
    return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

const std::vector<std::string>& known_capabilities() {
    static const std::vector<std::string> names = {
        "tools", "responses", "streaming", "vision", "reasoning", "json_mode", "prompt_caching"};
    return names;
}

const char* to_string(ClassRetryConfig::Then then) {
    return then == ClassRetryConfig::Then::stop ? "stop" : "fallback";
}

const char* to_string(PolicyConfig::Diversity diversity) {
    return diversity == PolicyConfig::Diversity::require_two_jurisdictions
               ? "require-two-jurisdictions"
               : "none";
}

const ProviderConfig* Config::find_provider(std::string_view name) const {
    return find_named(providers, name);
}

const ModelConfig* Config::find_model(std::string_view name) const {
    return find_named(models, name);
}

const LaneConfig* Config::find_lane(std::string_view name) const {
    return find_named(lanes, name);
}

const AliasConfig* Config::match_alias(std::string_view name) const {
    // Exact names first wherever they are written, so a glob listed earlier cannot shadow a
    // name spelled out in full.
    for (const AliasConfig& alias : aliases) {
        if (!is_glob(alias.pattern) && alias.pattern == name)
            return &alias;
    }
    for (const AliasConfig& alias : aliases) {
        if (is_glob(alias.pattern) && glob_match(alias.pattern, name))
            return &alias;
    }
    return nullptr;
}

SourceLocation Config::location_of(const std::string& key_path) const {
    const auto it = locations.find(key_path);
    if (it != locations.end())
        return it->second;
    return SourceLocation{source, 0, 0};
}

std::string default_base_url(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::openai:
            return "https://api.openai.com/v1";
        case ProviderKind::anthropic:
            return "https://api.anthropic.com";
        case ProviderKind::gemini:
            return "https://generativelanguage.googleapis.com/v1beta";
        case ProviderKind::openrouter:
            return "https://openrouter.ai/api/v1";
        case ProviderKind::azure:
        case ProviderKind::openai_compatible:
            return "";
    }
    return "";
}

}  // namespace lifeline::config
