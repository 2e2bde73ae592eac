#pragma once
// GitHub Actions file commands: step outputs (GITHUB_OUTPUT), environment for later steps
// (GITHUB_ENV) and the step summary (GITHUB_STEP_SUMMARY). Everything is redacted and appended
// through the injected FileSystem.

#include <string>
#include <string_view>

#include <lifeline/core/environment.hpp>
#include <lifeline/core/file_system.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::output {

// GitHub caps a step's summary at 1 MiB; past it the upload fails.
inline constexpr size_t k_step_summary_limit = 1024 * 1024;

// Output ids: [A-Za-z_][A-Za-z0-9_-]*. Env names: [A-Za-z_][A-Za-z0-9_]*, and not NODE_OPTIONS
// (the runner refuses it). Both return ErrorCode::invalid_input naming the bad name.
Status validate_output_name(std::string_view name);
Status validate_env_name(std::string_view name);

// "ghadelimiter_" + 16 hex digits derived from name and value, guaranteed not to occur in the
// value (a collision moves on to the next candidate). Deterministic, so tests can pin it.
std::string heredoc_delimiter(std::string_view name, std::string_view value);

// One file-command entry: "name=value\n" for a single-line value, otherwise
// "name<<DELIM\nvalue\nDELIM\n". The value is written as given (no redaction here).
std::string format_file_command(std::string_view name, std::string_view value);

class GitHubFiles {
  public:
    // All three must outlive this object. Paths are read from `env` on every call.
    GitHubFiles(FileSystem& fs, const Environment& env, const secret::Redactor& redactor);

    // Appends a step output. ErrorCode::invalid_input for a bad name, ErrorCode::unavailable
    // when GITHUB_OUTPUT is not set (not under GitHub Actions), FileSystem errors otherwise.
    Status set_output(std::string_view name, std::string_view value);
    // Appends to GITHUB_ENV; same errors (with GITHUB_ENV).
    Status export_variable(std::string_view name, std::string_view value);
    // Appends markdown (a '\n' is added when missing) to GITHUB_STEP_SUMMARY; same errors, and
    // ErrorCode::invalid_input when the summary would pass k_step_summary_limit.
    Status append_summary(std::string_view markdown);

  private:
    Result<std::string> path_of(const char* variable) const;
    Status append_entry(const char* variable, std::string_view name, std::string_view value);

    FileSystem& m_fs;
    const Environment& m_env;
    const secret::Redactor& m_redactor;
};

}  // namespace lifeline::output
