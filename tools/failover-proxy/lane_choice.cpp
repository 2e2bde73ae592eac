#include "lane_choice.hpp"

#include <algorithm>

#include <lifeline/util/glob.hpp>
#include <lifeline/util/strings.hpp>

namespace failover_proxy {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::config::Config;
using lifeline::config::LaneConfig;

namespace {

LaneChoice from_lane(const LaneConfig& lane, std::string via) {
    LaneChoice choice;
    choice.lane = lane.name;
    choice.chain = lane.chain;
    choice.min_context = lane.min_context;
    choice.first_token_timeout = lane.first_token_timeout;
    choice.idle_timeout = lane.idle_timeout;
    choice.different_vendor_from_author = lane.different_vendor_from_author;
    choice.via = std::move(via);
    return choice;
}

const LaneConfig* lane_or_alias(const Config& config, std::string_view name, std::string* via) {
    if (const LaneConfig* lane = config.find_lane(name)) {
        *via = "lane";
        return lane;
    }
    if (const auto* alias = config.match_alias(name)) {
        *via = "alias " + alias->pattern;
        return config.find_lane(alias->lane);
    }
    return nullptr;
}

lifeline::Error unknown(const Config& config, std::string_view name, std::string_view what) {
    std::string message = std::string(what) + " \"" + std::string(name) +
                          "\" is not a lane, alias or model of " + config.source;
    const std::vector<std::string> names = nameable_models(config);
    const std::string close = lifeline::closest_match(name, names);
    if (!close.empty())
        message += " (did you mean \"" + close + "\"?)";
    message += "; use one of: " + lifeline::join(names, ", ");
    return lifeline::make_error(ErrorCode::not_found, std::move(message));
}

}  // namespace

lifeline::Result<LaneChoice> choose_lane(const Config& config, std::string_view requested,
                                         std::string_view header_lane) {
    std::string via;
    if (!header_lane.empty()) {
        if (const LaneConfig* lane = lane_or_alias(config, header_lane, &via))
            return from_lane(*lane, "header " + via);
        return fail(unknown(config, header_lane, "lane header"));
    }
    // A lane, then a configured model, then an alias: a glob alias never hides a model.
    if (const LaneConfig* lane = config.find_lane(requested))
        return from_lane(*lane, "lane");
    if (const auto* model = config.find_model(requested)) {
        LaneChoice choice;
        choice.lane = model->name;
        choice.chain = {model->name};
        choice.via = "model";
        return choice;
    }
    if (const LaneConfig* lane = lane_or_alias(config, requested, &via))
        return from_lane(*lane, via);
    if (!config.default_lane.empty()) {
        if (const LaneConfig* lane = config.find_lane(config.default_lane))
            return from_lane(*lane, "default_lane");
    }
    return fail(unknown(config, requested, "model"));
}

std::vector<std::string> nameable_models(const Config& config) {
    std::vector<std::string> names;
    auto add = [&names](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    };
    for (const auto& lane : config.lanes)
        add(lane.name);
    for (const auto& alias : config.aliases) {
        if (!lifeline::is_glob(alias.pattern))
            add(alias.pattern);
    }
    for (const auto& model : config.models)
        add(model.name);
    return names;
}

}  // namespace failover_proxy
