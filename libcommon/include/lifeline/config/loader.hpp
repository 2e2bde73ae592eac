#pragma once
// Finding, reading and validating lifeline.yaml.
//
// Every error is ErrorCode::config with a SourceLocation and key path, so that
// Error::to_string() reads: lifeline.yaml:12:5: lanes.code[1]: unknown model "gpt-55"
// (known: gpt-5.5, ...)

#include <optional>
#include <string>
#include <string_view>

#include <lifeline/config/model.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/core/file_system.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::config {

// Parses and validates YAML text. `source_name` is used in error locations and Config::source.
Result<Config> parse_config(std::string_view yaml_text, const std::string& source_name);

// Reads and validates one file. A missing file is ErrorCode::not_found.
Result<Config> load_config_file(const FileSystem& fs, const std::string& path);

// Discovery order: `flag_path` (--config), $LIFELINE_CONFIG, ./lifeline.yaml,
// $HOME/.config/lifeline/lifeline.yaml, then the embedded default. A path given by flag or
// variable that does not exist is an error, not a silent fallback.
Result<Config> discover_config(const FileSystem& fs, const Environment& env,
                               const std::optional<std::string>& flag_path);

// The YAML of the embedded default: the common providers with their usual env key names.
std::string_view embedded_default_config();

}  // namespace lifeline::config
