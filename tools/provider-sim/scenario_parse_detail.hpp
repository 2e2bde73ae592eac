#pragma once
// The section parsers behind parse_scenario (internal to provider-sim): a rule with its fault,
// its match and its scripted reply. Errors are ErrorCode::config located at the node.

#include <string>
#include <vector>

#include <lifeline/config/yaml_reader.hpp>
#include <lifeline/util/result.hpp>

#include "scenario.hpp"

namespace provider_sim::detail {

// The hint appended to an "unknown ..." error: the closest of `known` as " (did you mean
// "x"?)", or the whole list as " (known: a, b)" when none is close.
std::string suggestion(const std::string& word, const std::vector<std::string>& known);

// A reply: a scalar is its text; a mapping has `text` and/or `tool_call: {name, arguments}`.
lifeline::Result<Reply> parse_reply(const lifeline::config::YamlNode& node);

// A rule's `match:` mapping into the rule's family/path/model/requests/after/before/
// probability/times; keys it does not set keep the rule's values.
lifeline::Status parse_match(const lifeline::config::YamlNode& node, Rule& rule);

// The rule at `index` (0-based) of `rules:`; unnamed rules are "rule <index+1>".
lifeline::Result<Rule> parse_rule(const lifeline::config::YamlNode& node, size_t index);

}  // namespace provider_sim::detail
