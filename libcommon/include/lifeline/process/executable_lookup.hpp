#pragma once
// Finds the program a ProcessSpec names, the way a shell would, but on the PATH of the
// CHILD's environment (spec.env) rather than lifeline's own: glibc's execvpe() searches the
// parent's PATH, which is wrong when the child is given a different one.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace lifeline::process {

// PATH used when `env` has no PATH entry (what glibc's execvp falls back to).
inline constexpr std::string_view k_default_search_path = "/bin:/usr/bin";

// Resolves `program` to the path to exec. A name containing '/' is returned unchanged (it is
// interpreted relative to the child's working directory, as execve after chdir would).
// Otherwise each entry of env["PATH"] (default k_default_search_path) is tried in order; an
// empty entry means the current directory; relative entries are taken relative to
// `working_directory` when given. The first regular file the user may execute wins.
// Errors: ErrorCode::invalid_input for an empty name, ErrorCode::not_found when no entry has
// an executable file of that name (the message says whether one existed but was not
// executable).
Result<std::string> find_executable(std::string_view program,
                                    const std::map<std::string, std::string>& env,
                                    const std::optional<std::string>& working_directory);

}  // namespace lifeline::process
