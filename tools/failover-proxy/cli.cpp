#include <CLI/CLI.hpp>

#include <lifeline/app/review_options.hpp>

#include "proxy.hpp"

namespace failover_proxy {

void setup_cli(CLI::App& app, Options& options) {
    lifeline::app::add_common_options(app, options.common, {lifeline::app::OutputFormat::json});
    auto* listen = app.add_option("--listen", options.listen,
                                  "Address to serve on (host:port; port 0 = any free)")
                       ->capture_default_str();
    app.add_option("--listen-fd", options.listen_fd,
                   "Serve on this inherited TCP socket, already bound and listening, instead of "
                   "--listen (a supervisor that binds the port itself can start its client at "
                   "once: connections wait in the backlog until the proxy is up)")
        ->excludes(listen);
    app.add_option("--ready-file", options.ready_file,
                   "Written (0600) once listening: LIFELINE_PROXY_URL=... and, when generated, "
                   "LIFELINE_PROXY_TOKEN=...");
    app.add_option("--ready-fd", options.ready_fd,
                   "Write the ready file's lines to this inherited descriptor once listening, "
                   "then close it (a supervisor reads the pipe to its end instead of polling "
                   "for a file)");
    auto* token = app.add_option("--auth-token-env", options.auth_token_env,
                                 "Variable holding the token clients must send (default: a fresh "
                                 "random token in the ready file)");
    app.add_flag("--no-auth", options.no_auth, "Accept requests without a token (loopback only)")
        ->excludes(token);
    app.add_option("--access-log", options.access_log,
                   "One JSON line per request to FILE (- = stderr)");
    app.add_option("--max-body", options.max_body, "Largest request body in bytes (413 above)")
        ->capture_default_str();
    app.add_option("--drain-timeout", options.drain_timeout,
                   "On SIGTERM/SIGINT, how long requests in flight may finish")
        ->capture_default_str();
    app.add_option("--header-timeout", options.header_timeout,
                   "A client must send its whole request within this")
        ->capture_default_str();
    app.add_option(
           "--idle-timeout", options.idle_timeout,
           "No upstream bytes for this long = a stalled upstream (lanes' idle_timeout wins)")
        ->capture_default_str();
    app.add_option("--max-wait", options.max_wait,
                   "Longest Retry-After or backoff to wait on the same candidate; a longer one "
                   "moves the request to the next candidate at once (retry.max_wait if smaller)")
        ->capture_default_str();
    app.add_option("--max-connections", options.max_connections, "Client connections at once")
        ->capture_default_str();
    app.add_option("--max-in-flight-per-upstream", options.max_in_flight_per_upstream,
                   "Requests at once per candidate before it goes last in the order (0 = no cap)")
        ->capture_default_str();
    app.add_option("--threads", options.threads, "Event loop threads (0 = one per core)")
        ->capture_default_str();
    lifeline::app::add_review_options(app, options.review, "the request gets an error");
    auto* exit_with_parent =
        app.add_flag("--exit-with-parent", options.exit_with_parent,
                     "Drain and exit when the process that started it ends (a sidecar never "
                     "outlives its step)");
    app.add_option("--parent-pid", options.parent_pid,
                   "With --exit-with-parent: the parent's pid, so a parent that dies while the "
                   "proxy is still starting is noticed too (default: the parent once it listens)")
        ->needs(exit_with_parent)
        ->check(CLI::PositiveNumber);
}

}  // namespace failover_proxy
