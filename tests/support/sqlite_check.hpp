#pragma once
// Reading an SQLite state file behind the tools' backs, for fault tests.

#include <string>

namespace lifeline::testing {

// What `PRAGMA integrity_check` says of the SQLite file at `path` ("ok" when sound); the
// error when it cannot be opened or read.
std::string integrity_check(const std::string& path);

}  // namespace lifeline::testing
