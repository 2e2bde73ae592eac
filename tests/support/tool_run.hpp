#pragma once
// A bounded run of one of lifeline's tool binaries for integration tests: exactly the
// environment the test gives (no inherited keys), output captured, stdout read as JSON.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lifeline::testing {

struct ToolOutcome {
    int exit_code = -1;  // -1 when the run overstayed its bound and was killed
    std::string out;
    std::string err;
    nlohmann::json doc;  // stdout parsed as JSON; null when it is not JSON
    double wall_ms = 0;  // how long the run took
};

// Runs `binary` with `args` in `cwd` with exactly `env` (plus PATH=/usr/bin:/bin when `env`
// has no PATH), stdin from /dev/null, bounded to `limit`. Output goes through cwd/.stdout and
// cwd/.stderr.
ToolOutcome run_tool(const std::string& binary, const std::vector<std::string>& args,
                     const std::string& cwd, std::map<std::string, std::string> env,
                     std::chrono::seconds limit);

}  // namespace lifeline::testing
