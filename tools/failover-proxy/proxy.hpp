#pragma once
// failover-proxy: one local endpoint for every agent, with per-request failover across
// vendors (docs/failover-proxy.md). run() loads the config, opens the state store, listens,
// writes the ready file (or --ready-fd) and serves until SIGTERM/SIGINT (drain) — SIGHUP
// reloads the config.

#include <optional>
#include <string>

#include <lifeline/app/context.hpp>
#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>
#include <lifeline/routing/review_author.hpp>

namespace CLI {
class App;
}

namespace failover_proxy {

inline constexpr lifeline::ToolInfo k_tool{
    "failover-proxy",
    "One local endpoint (OpenAI Responses and Chat, Anthropic Messages, Gemini) that fails each "
    "request over across the lanes of lifeline.yaml"};

inline constexpr int k_no_ready_fd = -1;   // no --ready-fd given
inline constexpr int k_no_listen_fd = -1;  // no --listen-fd given

struct Options {
    lifeline::app::CommonOptions common;
    std::string listen = "127.0.0.1:4141";
    int listen_fd = k_no_listen_fd;  // --listen-fd: an inherited listening socket, not --listen
    std::string ready_file;
    int ready_fd = k_no_ready_fd;  // --ready-fd: the ready lines to this descriptor, then closed
    std::string auth_token_env;
    bool no_auth = false;
    std::string access_log;
    size_t max_body = 32u << 20;
    std::string drain_timeout = "30s";
    std::string header_timeout = "60s";
    std::string idle_timeout = "120s";
    std::string max_wait = "5s";
    int max_connections = 1024;
    int max_in_flight_per_upstream = 0;
    int threads = 0;                        // 0 = one per core
    bool exit_with_parent = false;          // drain and exit when the parent process goes away
    int parent_pid = 0;                     // --parent-pid: that parent (0 = the one at start)
    lifeline::routing::ReviewFlags review;  // the review flags, resolved once at start
};

void setup_cli(CLI::App& app, Options& options);
int run(const Options& options, lifeline::Context& context);

// "127.0.0.1:4141", "[::1]:0", "localhost:8080" -> address and port. Errors: invalid_input.
struct ListenAddress {
    std::string host;
    unsigned short port = 0;
    bool loopback = false;
    int fd = k_no_listen_fd;  // an inherited listening socket (--listen-fd), else bind host:port
};
lifeline::Result<ListenAddress> parse_listen(const std::string& text);

}  // namespace failover_proxy
