#pragma once
// budget-check: token and cost budgets for agent sessions, from lifeline's usage ledger and
// the agents' own logs (Claude Code, Codex CLI, Gemini CLI). Exit 0 within every hard limit,
// 1 when one is crossed (or a reservation is refused), 2 for usage or bad input.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>
#include <lifeline/state/store.hpp>

#include "byte_source.hpp"
#include "limits.hpp"

namespace lifeline::budget {

inline constexpr ToolInfo k_tool_info{
    "budget-check",
    "token and cost budgets for agent sessions, from the usage ledger and the agents' logs"};

struct Options {
    app::CommonOptions common;
    // Sources; with none of them the state store's ledger is read.
    std::vector<std::string> claude_dirs;   // --from-claude-projects DIR
    std::vector<std::string> codex_paths;   // --from-codex FILE|DIR
    std::vector<std::string> gemini_paths;  // --from-gemini FILE|DIR
    bool from_ledger = false;               // --from-ledger (also read the ledger)
    // Filters.
    std::optional<std::string> session;  // --session ID
    std::optional<std::string> run_id;   // --run-id ID (ledger)
    std::optional<std::string> since;    // --since RFC3339 | DURATION (e.g. 24h: the last day)
    std::optional<std::string> until;    // --until RFC3339 | DURATION
    std::string default_model;           // --model: for Codex exec output, which names none
    // Limits (each overrides config budget:).
    LimitSettings limit_flags;
    std::optional<double> soft_threshold;
    // Reservations.
    std::optional<double> reserve;          // --reserve N
    std::optional<std::string> limit_name;  // --limit NAME
    std::string hold = "1h";                // --hold DURATION
    std::optional<std::string> settle;      // --settle ID
    std::optional<double> actual;           // --actual N (with --settle)
    std::optional<std::string> release;     // --release ID
    // Outputs and tuning.
    std::optional<std::string> prometheus;  // --prometheus FILE.prom
    int jobs = 0;                           // --jobs N; 0: one per core (at most 8)
    std::size_t top_sessions = 50;          // --top N

    // Test seams: when set, used instead of local files / the configured state store.
    std::shared_ptr<const LogOpener> opener;
    state::StateStore* store = nullptr;
};

void setup_cli(CLI::App& app, Options& options);
int run(const Options& options, Context& context);

}  // namespace lifeline::budget
