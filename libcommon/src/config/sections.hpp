#pragma once
// Internal to the config module: one reader per top-level section of lifeline.yaml, and the
// small checks they share. Each reader validates its own section's shape and values; the
// cross-references (model -> provider, lane -> model, alias -> lane) are checked by the
// validate_* functions once every section is read.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/config/yaml_reader.hpp>

namespace lifeline::config::detail {

Status read_providers(const YamlNode& node, Config& config);
Status read_models(const YamlNode& node, Config& config);
Status read_lanes(const YamlNode& node, Config& config);
Status read_aliases(const YamlNode& node, Config& config);
Status read_default_lane(const YamlNode& node, Config& config);
Status read_retry(const YamlNode& node, RetryConfig& retry);
Status read_budget(const YamlNode& node, BudgetConfig& budget);
Status read_circuit(const YamlNode& node, CircuitConfig& circuit);
Status read_policy(const YamlNode& node, PolicyConfig& policy);
Status read_state(const YamlNode& node, StateConfig& state);
Status read_classify(const YamlNode& node, std::vector<ClassifyPattern>& patterns);

// Models name known providers, lanes name known models (and known background lanes) and some
// model is big enough for each lane's min_context. Errors point at the offending reference
// (via `root`).
Status validate_references(const YamlNode& root, const Config& config);
// Aliases and default_lane name known lanes, and no alias is spelled exactly like a lane or a
// model (a request for that name would be ambiguous). Errors point at the alias's key or at
// the lane it names.
Status validate_aliases(const YamlNode& root, const Config& config);

// --- shared value checks (each error is located at `node`) ---

// A whole number in [min, max]; the error says which bound was crossed.
Result<int64_t> read_int_in(const YamlNode& node, int64_t min, int64_t max);
// A number >= 0 (prices, dollar limits).
Result<double> read_non_negative(const YamlNode& node);
// A fraction in (0, 1].
Result<double> read_fraction(const YamlNode& node);
// A duration > 0.
Result<Duration> read_positive_duration(const YamlNode& node);
// A string of at least one character.
Result<std::string> read_non_empty(const YamlNode& node);
// A vendor name (config/vendor.hpp: is_vendor_name), e.g. "anthropic".
Result<std::string> read_vendor(const YamlNode& node);
// ASCII upper case ("eu" -> "EU"), for jurisdiction codes.
std::string to_upper_ascii(std::string text);
// `name` is [A-Z_][A-Z0-9_]*.
bool is_env_var_name(std::string_view name);
// Why `url` is not an absolute http(s) URL with a host; empty when it is fine.
std::string http_url_problem(std::string_view url);

// `unknown <what> "name" (did you mean "x"? known: a, b, c)`, located at `node`.
Error unknown_name(const YamlNode& node, std::string_view what, std::string_view name,
                   const std::vector<std::string>& known);

}  // namespace lifeline::config::detail
