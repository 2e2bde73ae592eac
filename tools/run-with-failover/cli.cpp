#include <CLI/CLI.hpp>

#include <lifeline/app/review_options.hpp>

#include "options.hpp"

namespace run_with_failover {

void setup_cli(CLI::App& app, Options& options) {
    lifeline::app::add_common_options(app, options.common, {lifeline::app::OutputFormat::json});
    app.add_option("--lane", options.lane, "the lane of lifeline.yaml whose chain to run");
    app.add_option("--chain", options.chain, "an explicit chain of model names: m1,m2,...");
    app.add_option("--agent", options.agent,
                   "how to inject the candidate and read the result: codex, claude, gemini, "
                   "generic, or auto (from the command)")
        ->check(CLI::IsMember({"auto", "codex", "claude", "gemini", "generic"}));
    app.add_option("--via", options.via,
                   "proxy: run the agent through a failover-proxy sidecar (each request fails "
                   "over inside the session); direct: point the agent at one candidate per "
                   "attempt; auto: proxy when the chain has more than one candidate or one the "
                   "agent cannot speak natively")
        ->check(CLI::IsMember({"auto", "proxy", "direct"}))
        ->capture_default_str();
    app.add_option("--request", options.request_file,
                   "request mode: send this JSON body as one API request through the chain");
    app.add_option("--api", options.api, "request mode: chat, responses or messages")
        ->check(CLI::IsMember({"chat", "responses", "messages"}));
    app.add_option("--status-file", options.status_file,
                   "write the status document (attempt trail and outcome) to FILE");
    app.add_option("--attempt-timeout", options.attempt_timeout,
                   "end an attempt after this long (e.g. 20m); the group gets SIGTERM, then "
                   "SIGKILL");
    app.add_option("--idle-timeout", options.idle_timeout,
                   "end an attempt that printed nothing for this long (a hung agent)");
    app.add_option("--kill-grace", options.kill_grace, "between SIGTERM and SIGKILL");
    app.add_option("--deadline", options.deadline, "overall deadline for the whole chain");
    app.add_option("--max-attempts", options.max_attempts,
                   "attempt budget for the whole chain, retries and fallbacks together");
    app.add_option("--session-tokens", options.session_tokens,
                   "token budget of the session (overrides budget.session_tokens)");
    app.add_option("--request-tokens", options.request_tokens,
                   "tokens reserved before each attempt (overrides budget.request_tokens)");
    app.add_option("--max-turns", options.max_turns,
                   "agent turn limit handed to agents that take one (overrides "
                   "budget.max_agent_turns)");
    app.add_option("--max-retries-per-request", options.max_retries_per_request,
                   "cap on retries of the same candidate for any class");
    app.add_option("--session", options.session,
                   "budget and ledger session id (default $LIFELINE_SESSION, else the CI run)");
    app.add_option("--on-context-exceeded", options.on_context_exceeded,
                   "shell command that compresses the prompt when no larger window is left");
    app.add_flag("--replay-stdin", options.replay_stdin,
                 "read piped stdin once, before the first attempt, and give every attempt the "
                 "same input (at most 64 MiB; a file redirected with < is rewound anyway)");
    app.add_flag("--keep-agent-traffic", options.keep_agent_traffic,
                 "under CI, leave the agent's telemetry, usage statistics and update checks as "
                 "they are (by default they are turned off so the agent talks to the candidate "
                 "only)");
    app.add_option("--seed", options.seed, "seed for the backoff jitter (reproducible runs)");
    lifeline::app::add_review_options(app, options.review);
    app.add_option("command", options.command, "the agent command, after --");
}

}  // namespace run_with_failover
