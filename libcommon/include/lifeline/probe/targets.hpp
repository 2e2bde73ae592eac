#pragma once
// Which providers (and models) one run probes, chosen from the config by --provider, --model
// and --lane; and which it skips, with the reason.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::probe {

// The Config::source of the built-in default (config/loader.cpp).
inline constexpr std::string_view k_embedded_source = "<embedded default>";

struct Target {
    // The name results, outputs and data.healthy use: the provider's name for a provider
    // target, "provider/model" for a model selected by --model or --lane.
    std::string name;
    const lifeline::config::ProviderConfig* provider = nullptr;
    // The model generation probes use: the selected one, else the provider's first model in
    // the config; null when the provider has none.
    const lifeline::config::ModelConfig* model = nullptr;
    bool per_model = false;  // selected as a model (its name is "provider/model")
};

struct SkippedTarget {
    std::string name;
    std::string provider;
    std::string model;  // empty for a provider target
    std::string probe;  // empty when the whole target was skipped
    std::string reason;
};

struct TargetSelection {
    std::vector<std::string> providers;  // --provider a,b
    std::vector<std::string> models;     // --model m (comma separated allowed)
    std::string lane;                    // --lane code
};

struct TargetPlan {
    std::vector<Target> targets;
    std::vector<SkippedTarget> skipped;
};

// No selection: one target per provider, in config order. --model/--lane: one target per
// model (deduplicated), filtered by --provider when both are given. With the embedded default
// config, providers not named by --provider whose key variable is unset (or whose auth is
// none) are skipped with the reason. The config must outlive the plan (targets point into it).
// ErrorCode::invalid_input for an unknown provider, model or lane (with "did you mean").
lifeline::Result<TargetPlan> select_targets(const lifeline::config::Config& config,
                                            const TargetSelection& selection,
                                            const lifeline::Environment& env);

}  // namespace lifeline::probe
