#pragma once
// The provider-sim tool: CLI options, their wiring, and run() (a long-running server that
// stops cleanly on SIGINT/SIGTERM).

#include <string>

#include <lifeline/app/context.hpp>
#include <lifeline/app/tool_main.hpp>

namespace CLI {
class App;
}

namespace provider_sim {

inline constexpr lifeline::ToolInfo k_tool{
    "provider-sim", "Fault-injecting local LLM provider for tests, demos and failover drills"};

struct Options {
    std::string listen = "127.0.0.1:0";  // host:port; port 0 = ephemeral
    std::string ready_file;              // written atomically once every port is bound
    std::string scenario_file;           // one instance
    std::string fleet_file;              // several named instances, one port each
    bool allow_remote = false;           // permit a non-loopback --listen host
    bool quiet = false;                  // no request log on stderr
    int threads = 0;                     // worker threads per instance; 0 = automatic
};

void setup_cli(CLI::App& app, Options& options);

// Exit codes: 0 after a clean stop by SIGINT/SIGTERM; 2 for bad flags or a bad scenario/fleet
// file (with file:line); 1 when a port cannot be bound or the ready file cannot be written.
int run(const Options& options, lifeline::Context& context);

}  // namespace provider_sim
