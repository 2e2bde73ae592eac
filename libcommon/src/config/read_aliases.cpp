#include <lifeline/util/glob.hpp>

#include "sections.hpp"

namespace lifeline::config::detail {
namespace {

const std::vector<std::string> k_alias_keys = {"lane"};

// Characters other glob dialects give a meaning: a pattern using them would silently match
// only itself here, so they are refused rather than taken literally.
constexpr std::string_view k_unsupported_glob_chars = "[]{}";

// The node holding the lane an alias names: the value itself (`pattern: lane`) or its `lane`
// key (`pattern: {lane: lane}`). Only called on an alias read_alias accepted.
YamlNode alias_lane_node(const YamlNode& value) {
    return value.is_map() ? *value.get("lane") : value;
}

Status check_pattern(const YamlNode::Entry& entry) {
    if (entry.key.empty())
        return fail(entry.key_error("an alias must not be empty"));
    const size_t bad = entry.key.find_first_of(k_unsupported_glob_chars);
    if (bad != std::string::npos) {
        return fail(entry.key_error("alias \"" + entry.key + "\" uses \"" +
                                    std::string(1, entry.key[bad]) +
                                    "\": patterns support only * (any run of characters) and ? "
                                    "(one character); write one alias per name instead"));
    }
    return {};
}

Result<AliasConfig> read_alias(const YamlNode::Entry& entry) {
    LIFELINE_TRY_VOID(check_pattern(entry));
    AliasConfig alias;
    alias.pattern = entry.key;
    const YamlNode& node = entry.value;
    if (node.is_map()) {
        LIFELINE_TRY_VOID(node.check_keys(k_alias_keys));
        const YamlNode lane = LIFELINE_TRY(node.require("lane"));
        alias.lane = LIFELINE_TRY(read_non_empty(lane));
    } else if (node.is_scalar()) {
        alias.lane = LIFELINE_TRY(read_non_empty(node));
    } else {
        return fail(
            entry.key_error("expected a lane name or {lane: NAME}, got " + node.kind_name()));
    }
    return alias;
}

std::vector<std::string> lane_names(const Config& config) {
    std::vector<std::string> names;
    for (const LaneConfig& lane : config.lanes)
        names.push_back(lane.name);
    return names;
}

// An alias spelled like a lane or a model leaves a request for that name two meanings.
Status check_not_ambiguous(const YamlNode::Entry& entry, const Config& config) {
    const std::string quoted = "\"" + entry.key + "\"";
    if (config.find_lane(entry.key)) {
        return fail(entry.key_error("alias " + quoted + " is also a lane name; a request for " +
                                    quoted +
                                    " would be ambiguous (remove the alias or rename the lane)"));
    }
    if (config.find_model(entry.key)) {
        return fail(entry.key_error("alias " + quoted + " is also a model name; a request for " +
                                    quoted +
                                    " would be ambiguous (remove the alias or rename the model)"));
    }
    return {};
}

}  // namespace

Status read_aliases(const YamlNode& node, Config& config) {
    for (const YamlNode::Entry& entry : LIFELINE_TRY(node.entries()))
        config.aliases.push_back(LIFELINE_TRY(read_alias(entry)));
    return {};
}

Status read_default_lane(const YamlNode& node, Config& config) {
    config.default_lane = LIFELINE_TRY(read_non_empty(node));
    return {};
}

Status validate_aliases(const YamlNode& root, const Config& config) {
    const std::vector<std::string> lanes = lane_names(config);
    if (const auto aliases = root.get("aliases")) {
        for (const YamlNode::Entry& entry : LIFELINE_TRY(aliases->entries())) {
            LIFELINE_TRY_VOID(check_not_ambiguous(entry, config));
            const YamlNode at = alias_lane_node(entry.value);
            const std::string lane = LIFELINE_TRY(at.as_string());
            if (!config.find_lane(lane))
                return fail(unknown_name(at, "lane", lane, lanes));
        }
    }
    if (!config.default_lane.empty() && !config.find_lane(config.default_lane))
        return fail(unknown_name(*root.get("default_lane"), "lane", config.default_lane, lanes));
    return {};
}

}  // namespace lifeline::config::detail
