#pragma once
// Scenario and fleet files (YAML) -> the Scenario/Fleet model. Every error is
// ErrorCode::config located at file:line:col with the key path, so provider-sim exits 2 with
// "drill.yaml:7:12: rules[1].fault: unknown fault "rate_limted" (did you mean "rate_limited"?)".

#include <string>
#include <string_view>

#include <lifeline/config/yaml_reader.hpp>
#include <lifeline/core/file_system.hpp>
#include <lifeline/util/result.hpp>

#include "scenario.hpp"

namespace provider_sim {

// One scenario mapping (the root of a scenario file, or a fleet entry).
lifeline::Result<Scenario> parse_scenario(const lifeline::config::YamlNode& node);

// A whole scenario file's text; `source_name` names it in error locations. Empty text is the
// default healthy scenario.
lifeline::Result<Scenario> parse_scenario_text(std::string_view text,
                                               const std::string& source_name);

// A fleet file: `providers:` maps instance names to inline scenario mappings or to scenario
// file paths (relative to the fleet file's directory, read through `fs`).
lifeline::Result<Fleet> parse_fleet_text(std::string_view text, const std::string& source_name,
                                         const lifeline::FileSystem& fs);

// The fault ids a rule may name: every provider-side failure class plus the delivery faults.
std::vector<std::string> known_fault_ids();

}  // namespace provider_sim
