#include <algorithm>

#include <lifeline/policy/candidate.hpp>
#include <lifeline/probe/targets.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::probe {

using lifeline::ErrorCode;
using lifeline::config::AuthConfig;
using lifeline::config::Config;
using lifeline::config::ModelConfig;
using lifeline::config::ProviderConfig;

namespace {

template <typename Item>
lifeline::Error unknown(const char* flag, const char* what, const std::string& name,
                        const std::vector<Item>& known_items) {
    std::vector<std::string> known;
    for (const Item& item : known_items)
        known.push_back(item.name);
    const std::string close = lifeline::closest_match(name, known);
    return lifeline::make_error(ErrorCode::invalid_input,
                                std::string(flag) + ": unknown " + what + " \"" + name + "\"" +
                                    (close.empty() ? " (known: " + lifeline::join(known, ", ") + ")"
                                                   : " (did you mean \"" + close + "\"?)"));
}

const ModelConfig* first_model_of(const Config& config, const std::string& provider) {
    for (const ModelConfig& model : config.models) {
        if (model.provider == provider)
            return &model;
    }
    return nullptr;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Why the built-in default leaves a provider out: it lists every common provider so that
// "whatever key is set gets probed", and probing the others would only report missing keys.
std::string embedded_skip_reason(const ProviderConfig& provider, const lifeline::Environment& env) {
    if (provider.auth.mode == AuthConfig::Mode::none)
        return "built-in default: no credential (auth: none); select it with --provider " +
               provider.name;
    if (provider.auth.mode == AuthConfig::Mode::env && !env.get_non_empty(provider.auth.env))
        return provider.auth.env + " is not set";
    return {};
}

}  // namespace

lifeline::Result<TargetPlan> select_targets(const Config& config, const TargetSelection& selection,
                                            const lifeline::Environment& env) {
    for (const std::string& name : selection.providers) {
        if (config.find_provider(name) == nullptr)
            return lifeline::fail(unknown("--provider", "provider", name, config.providers));
    }
    std::vector<const ModelConfig*> models;
    for (const std::string& name : selection.models) {
        const ModelConfig* model = config.find_model(name);
        if (model == nullptr)
            return lifeline::fail(unknown("--model", "model", name, config.models));
        models.push_back(model);
    }
    if (!selection.lane.empty()) {
        const lifeline::config::LaneConfig* lane = config.find_lane(selection.lane);
        if (lane == nullptr)
            return lifeline::fail(unknown("--lane", "lane", selection.lane, config.lanes));
        for (const std::string& name : lane->chain) {
            if (const ModelConfig* model = config.find_model(name))
                models.push_back(model);
        }
    }

    std::vector<Target> candidates;
    if (models.empty() && selection.models.empty() && selection.lane.empty()) {
        for (const ProviderConfig& provider : config.providers) {
            if (!selection.providers.empty() && !contains(selection.providers, provider.name))
                continue;
            candidates.push_back(
                {provider.name, &provider, first_model_of(config, provider.name), false});
        }
    } else {
        for (const ModelConfig* model : models) {
            const ProviderConfig* provider = config.find_provider(model->provider);
            if (provider == nullptr)
                continue;  // the loader guarantees references resolve; be safe anyway
            if (!selection.providers.empty() && !contains(selection.providers, provider->name))
                continue;
            const std::string name = lifeline::policy::candidate_label(provider->name, model->name);
            const bool seen =
                std::any_of(candidates.begin(), candidates.end(),
                            [&](const Target& target) { return target.name == name; });
            if (!seen)
                candidates.push_back({name, provider, model, true});
        }
    }

    TargetPlan plan;
    const bool embedded = config.source == k_embedded_source;
    for (Target& target : candidates) {
        const std::string reason = embedded && !contains(selection.providers, target.provider->name)
                                       ? embedded_skip_reason(*target.provider, env)
                                       : std::string();
        if (reason.empty()) {
            plan.targets.push_back(std::move(target));
            continue;
        }
        plan.skipped.push_back({target.name, target.provider->name,
                                target.per_model ? target.model->name : std::string(), "", reason});
    }
    return plan;
}

}  // namespace lifeline::probe
