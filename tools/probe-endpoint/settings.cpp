// Flag and config validation of probe-endpoint (probe_endpoint.hpp).
#include <lifeline/util/duration.hpp>

#include "probe_endpoint.hpp"

namespace probe_endpoint {

using lifeline::ErrorCode;
using lifeline::probe::parse_probe_kinds;

namespace {

lifeline::Result<lifeline::Duration> positive_duration(const char* flag, const std::string& text) {
    auto parsed = lifeline::parse_duration(text);
    if (!parsed || parsed->count() <= 0) {
        return lifeline::fail(ErrorCode::invalid_input,
                              std::string(flag) + ": expected a positive duration like 10s or " +
                                  "1500ms, got \"" + text + "\"");
    }
    return *parsed;
}

lifeline::Error with_flag(const char* flag, lifeline::Error error) {
    error.message = std::string(flag) + ": " + error.message;
    return error;
}

}  // namespace

lifeline::Result<Settings> parse_settings(const Options& options) {
    Settings settings;
    settings.kinds = LIFELINE_TRY(parse_probe_kinds(options.probes));
    settings.run.timeout = LIFELINE_TRY(positive_duration("--timeout", options.timeout));
    if (!options.deadline.empty())
        settings.run.deadline = LIFELINE_TRY(positive_duration("--deadline", options.deadline));
    for (const std::string& text : options.require) {
        auto condition = Condition::parse(text);
        if (!condition)
            return lifeline::fail(with_flag("--require", condition.error()));
        settings.conditions.push_back(std::move(condition).value());
    }
    settings.requirement = LIFELINE_TRY(parse_health_requirement(options.require_healthy));
    return settings;
}

lifeline::Result<std::map<std::string, std::vector<Condition>>> provider_conditions(
    const lifeline::config::Config& config) {
    std::map<std::string, std::vector<Condition>> conditions;
    for (const lifeline::config::ProviderConfig& provider : config.providers) {
        for (size_t i = 0; i < provider.require.size(); ++i) {
            auto condition = Condition::parse(provider.require[i]);
            if (!condition) {
                const std::string key =
                    "providers." + provider.name + ".require[" + std::to_string(i) + "]";
                return lifeline::fail(lifeline::make_error_at(
                    ErrorCode::config, config.location_of(key), key, condition.error().message));
            }
            conditions[provider.name].push_back(std::move(condition).value());
        }
    }
    return conditions;
}

}  // namespace probe_endpoint
