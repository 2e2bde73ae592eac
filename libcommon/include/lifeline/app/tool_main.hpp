#pragma once
// The one main every tool shares. tools/<tool>/main.cpp is a single call:
//
//   int main(int argc, char** argv) {
//       return lifeline::tool_main(probe::k_tool, argc, argv, probe::setup_cli, probe::run);
//   }
//
// It parses argv with CLI11, builds the real Context, runs the tool and turns anything that
// escapes into "<tool>: error: ..." on stderr and the documented exit code.

#include <functional>
#include <string_view>

#include <lifeline/app/context.hpp>
#include <lifeline/core/exit_codes.hpp>
#include <lifeline/util/error.hpp>

namespace CLI {
class App;
}

namespace lifeline {

struct ToolInfo {
    std::string_view name;         // "probe-endpoint"
    std::string_view description;  // one line for --help
};

// The exit code an error maps to when a tool gives up with it: config and invalid_input -> 2
// (usage), everything else -> 1.
ExitCode exit_code_for(const Error& error);

// Prints "<tool>: error: <error>" to `err` and returns exit_code_for(error) as an int.
int report_error(std::ostream& err, std::string_view tool, const Error& error);

// Exit codes: --help and --version -> 0; a CLI11 parse error -> 2 with the message and a hint
// to run --help; an exception escaping `run` -> 1 with "<tool>: error: internal: ...".
int run_tool(const ToolInfo& info, int argc, char** argv,
             const std::function<void(CLI::App&)>& setup_cli,
             const std::function<int(Context&)>& run);

template <typename Options>
int tool_main(const ToolInfo& info, int argc, char** argv, void (*setup_cli)(CLI::App&, Options&),
              int (*run)(const Options&, Context&)) {
    Options options;
    return run_tool(
        info, argc, argv, [&](CLI::App& app) { setup_cli(app, options); },
        [&](Context& context) { return run(options, context); });
}

}  // namespace lifeline
