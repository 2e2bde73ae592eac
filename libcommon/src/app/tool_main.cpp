#include <iostream>

#include <CLI/CLI.hpp>

#include <lifeline/app/real_context.hpp>
#include <lifeline/app/tool_main.hpp>
#include <lifeline/core/version.hpp>

namespace lifeline {

ExitCode exit_code_for(const Error& error) {
    switch (error.code) {
        case ErrorCode::config:
        case ErrorCode::invalid_input:
            return ExitCode::usage;
        default:
            return ExitCode::failed;
    }
}

int report_error(std::ostream& err, std::string_view tool, const Error& error) {
    err << tool << ": error: " << error.to_string() << "\n";
    return to_int(exit_code_for(error));
}

int run_tool(const ToolInfo& info, int argc, char** argv,
             const std::function<void(CLI::App&)>& setup_cli,
             const std::function<int(Context&)>& run) {
    CLI::App app{std::string(info.description), std::string(info.name)};
    app.set_version_flag("--version", std::string(info.name) + " " + k_version);
    try {
        setup_cli(app);
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion&) {
        std::cout << info.name << " " << k_version << "\n";
        return to_int(ExitCode::ok);
    } catch (const CLI::ParseError& error) {
        std::cerr << info.name << ": error: " << error.what() << "\n"
                  << "Run with --help for usage.\n";
        return to_int(ExitCode::usage);
    }
    try {
        app::RealContext real;
        return run(real.context());
    } catch (const std::exception& error) {
        std::cerr << info.name << ": error: internal: " << error.what() << "\n";
        return to_int(ExitCode::failed);
    }
}

}  // namespace lifeline
