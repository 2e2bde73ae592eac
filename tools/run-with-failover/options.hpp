#pragma once
// The run-with-failover tool: its flags and run().

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>
#include <lifeline/routing/review_author.hpp>

namespace CLI {
class App;
}

namespace run_with_failover {

inline constexpr lifeline::ToolInfo k_tool{
    "run-with-failover",
    "Run an agent step or one API request over a failover chain: retry what deserves a retry, "
    "fall back by failure class"};

struct Options {
    lifeline::app::CommonOptions common;
    std::string lane;                            // --lane
    std::string chain;                           // --chain m1,m2 (comma-separated model names)
    std::string agent = "auto";                  // --agent codex|claude|gemini|generic|auto
    std::string via = "auto";                    // --via proxy|direct|auto
    std::vector<std::string> command;            // after --
    std::string request_file;                    // --request body.json (request mode)
    std::string api = "chat";                    // --api chat|responses|messages
    std::string status_file;                     // --status-file
    std::string attempt_timeout;                 // --attempt-timeout (duration; empty = none)
    std::string idle_timeout;                    // --idle-timeout
    std::string kill_grace = "10s";              // --kill-grace
    std::string deadline;                        // --deadline (overrides retry.deadline)
    std::optional<int> max_attempts;             // --max-attempts (overrides retry.max_attempts)
    std::optional<int64_t> session_tokens;       // --session-tokens
    std::optional<int64_t> request_tokens;       // --request-tokens (reserved per attempt)
    std::optional<int> max_turns;                // --max-turns
    std::optional<int> max_retries_per_request;  // --max-retries-per-request
    std::string session;                         // --session (budget/ledger key)
    std::string on_context_exceeded;             // --on-context-exceeded CMD (sh -c)
    bool replay_stdin = false;                   // --replay-stdin
    bool keep_agent_traffic = false;             // --keep-agent-traffic
    std::optional<uint64_t> seed;                // --seed for backoff jitter (tests)
    lifeline::routing::ReviewFlags review;       // --review-of, --avoid-vendor, --review-fallback
};

void setup_cli(CLI::App& app, Options& options);

// Exit codes (docs/architecture.md): 0 success; the child's own code when the task failed; 1 budget
// exceeded or no usable candidate (also: every candidate shares the reviewed author's vendor); 2
// usage or bad config; 75 every failure was transient; 77 auth failed everywhere; 130/143 when
// interrupted by SIGINT/SIGTERM (128 + signal); 141 when its stdout was closed by its reader (as
// for a shell's writer killed by SIGPIPE: the agent is ended, the status file still written).
int run(const Options& options, lifeline::Context& context);

}  // namespace run_with_failover
