#pragma once
// The tools that write the state store (run-with-failover: ledger rows and health;
// budget-check: reservations, and the ledger read back), run for real against a provider-sim
// fleet on 127.0.0.1, on whatever store a test gives them: a Redis it kills and restarts, an
// SQLite file on a full disk or in a directory its user cannot write.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <lifeline/state/store.hpp>

#include "support/sim_process.hpp"
#include "support/sqlite_check.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_run.hpp"

namespace state_it {

// Every tool run is bounded by this; a run that overstays is killed and reported as -1.
inline constexpr std::chrono::seconds k_tool_limit{20};

class StoreRig {
  public:
    // A fleet of two providers: "bad" answers every request with a 500, "good" answers. Lane
    // "code" is [m-bad, m-good] with no retry of a server error, and a circuit that opens
    // after two failures in a row for ten minutes. The rig's directory is readable by
    // everyone, so a tool can run as another user.
    StoreRig();

    bool ready() const { return m_sim.ready(); }
    const std::string& dir() const { return m_dir.path(); }

    // run-with-failover --request (chat) on lane code with --session `session`, its
    // status document in `status`. `as_nobody`: under setpriv as uid/gid 65534.
    lifeline::testing::ToolOutcome run_request(const std::string& state_url,
                                               const std::string& session,
                                               nlohmann::json* status = nullptr,
                                               bool as_nobody = false);
    // budget-check with `args` (plus --config, --state and --format json).
    lifeline::testing::ToolOutcome budget_check(const std::string& state_url,
                                                std::vector<std::string> args,
                                                bool as_nobody = false);
    // budget-check --reserve `amount` of session `session`'s 250-token budget.
    lifeline::testing::ToolOutcome reserve(const std::string& state_url, const std::string& session,
                                           int amount, bool as_nobody = false);

  private:
    std::string next_run_dir();
    lifeline::testing::ToolOutcome run(const std::string& cwd, const std::string& binary,
                                       std::vector<std::string> args, bool as_nobody);

    lifeline::testing::TempDir m_dir{"state-store-it"};
    lifeline::testing::YamlSim m_sim;
};

// The classes of a run-with-failover status document's attempts ("ok" for a success).
std::vector<std::string> attempt_classes(const nlohmann::json& status);

// The ledger rows of `session` in the store at `url` (a fresh connection); -1 when the store
// cannot be opened or read.
int ledger_rows(const std::string& url, const std::string& session);

// The tokens held against session `session`'s 250-token budget (reserved or settled) in the
// store at `url`; -1 when it cannot be read.
double tokens_held(const std::string& url, const std::string& session);

// What `PRAGMA integrity_check` says of the SQLite file at `path` ("ok" when sound).
using lifeline::testing::integrity_check;

}  // namespace state_it
