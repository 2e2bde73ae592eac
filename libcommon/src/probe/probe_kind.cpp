#include <algorithm>

#include <lifeline/probe/probe_kind.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::probe {

using lifeline::ErrorCode;

namespace {

constexpr ProbeKind k_all_kinds[] = {ProbeKind::auth, ProbeKind::generate, ProbeKind::stream,
                                     ProbeKind::tools, ProbeKind::key};

std::vector<std::string> kind_names() {
    std::vector<std::string> names;
    for (ProbeKind kind : k_all_kinds)
        names.emplace_back(to_string(kind));
    return names;
}

}  // namespace

const char* to_string(ProbeKind kind) {
    switch (kind) {
        case ProbeKind::auth:
            return "auth";
        case ProbeKind::generate:
            return "generate";
        case ProbeKind::stream:
            return "stream";
        case ProbeKind::tools:
            return "tools";
        case ProbeKind::key:
            return "key";
    }
    return "auth";
}

lifeline::Result<std::vector<ProbeKind>> parse_probe_kinds(std::string_view text) {
    std::vector<ProbeKind> kinds;
    for (const std::string& word : lifeline::split_list(text)) {
        const std::string lower = lifeline::to_lower(word);
        const auto* found = std::find_if(std::begin(k_all_kinds), std::end(k_all_kinds),
                                         [&](ProbeKind kind) { return lower == to_string(kind); });
        if (found == std::end(k_all_kinds)) {
            const std::string close = lifeline::closest_match(lower, kind_names());
            return lifeline::fail(
                ErrorCode::invalid_input,
                "--probe: unknown probe kind \"" + word + "\"" +
                    (close.empty() ? " (known: " + lifeline::join(kind_names(), ", ") + ")"
                                   : " (did you mean \"" + close + "\"?)"));
        }
        if (std::find(kinds.begin(), kinds.end(), *found) == kinds.end())
            kinds.push_back(*found);
    }
    if (kinds.empty()) {
        return lifeline::fail(
            ErrorCode::invalid_input,
            "--probe: no probe kind given (known: " + lifeline::join(kind_names(), ", ") + ")");
    }
    return kinds;
}

bool needs_model(ProbeKind kind) {
    return kind == ProbeKind::generate || kind == ProbeKind::stream || kind == ProbeKind::tools;
}

std::string unsupported_reason(ProbeKind kind, const lifeline::config::ProviderConfig& provider,
                               const lifeline::config::ModelConfig* model) {
    if (!needs_model(kind))
        return {};
    if (model == nullptr) {
        return "no model configured for provider \"" + provider.name +
               "\" (add one under models: or pass --model)";
    }
    // An empty capability list means "not declared", and a probe is the way to find out.
    if (model->capabilities.empty())
        return {};
    if (kind == ProbeKind::tools && !model->has_capability("tools"))
        return "model \"" + model->name + "\" does not list the tools capability";
    return {};
}

}  // namespace lifeline::probe
