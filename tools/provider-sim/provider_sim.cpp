#include "provider_sim.hpp"

#include <CLI/CLI.hpp>

#include "listen_address.hpp"
#include "scenario_parse.hpp"
#include "server.hpp"
#include "signals.hpp"

namespace provider_sim {

void setup_cli(CLI::App& app, Options& options) {
    app.add_option("--listen", options.listen,
                   "host:port to listen on; port 0 picks a free port (fleet: one per instance)")
        ->capture_default_str();
    app.add_option(
        "--ready-file", options.ready_file,
        "write the bound host:port (fleet: \"name host:port\" lines) here once listening");
    auto* scenario = app.add_option("--scenario", options.scenario_file,
                                    "scenario YAML for a single instance (default: healthy)");
    auto* fleet = app.add_option("--fleet", options.fleet_file,
                                 "fleet YAML: several named instances, one port each");
    scenario->excludes(fleet);
    app.add_flag("--allow-remote", options.allow_remote,
                 "allow --listen on a non-loopback address");
    app.add_flag("-q,--quiet", options.quiet, "no request log on stderr");
    app.add_option("--threads", options.threads,
                   "maximum worker threads per instance (default 1024)")
        ->check(CLI::Range(0, 65536));
}

namespace {

lifeline::Result<Fleet> load_fleet(const Options& options, lifeline::Context& context) {
    Fleet fleet;
    if (!options.fleet_file.empty()) {
        const std::string text = LIFELINE_TRY(context.fs.read_file(options.fleet_file));
        return parse_fleet_text(text, options.fleet_file, context.fs);
    }
    if (!options.scenario_file.empty()) {
        const std::string text = LIFELINE_TRY(context.fs.read_file(options.scenario_file));
        fleet.instances.push_back(LIFELINE_TRY(parse_scenario_text(text, options.scenario_file)));
    } else {
        fleet.instances.emplace_back();  // one healthy OpenAI-compatible provider, any key
    }
    return fleet;
}

std::string ready_text(const std::vector<BoundInstance>& bound, bool fleet) {
    std::string text;
    for (const BoundInstance& instance : bound) {
        text += fleet ? instance.name + " " + instance.address + "\n" : instance.address + "\n";
    }
    return text;
}

}  // namespace

int run(const Options& options, lifeline::Context& context) {
    auto address = parse_listen_address(options.listen, options.allow_remote);
    if (!address) {
        return lifeline::report_error(context.err, k_tool.name, address.error());
    }
    auto fleet = load_fleet(options, context);
    if (!fleet) {
        lifeline::Error error = fleet.error();
        if (error.code == lifeline::ErrorCode::not_found || error.code == lifeline::ErrorCode::io) {
            error.code = lifeline::ErrorCode::invalid_input;  // a missing file is bad input
        }
        return lifeline::report_error(context.err, k_tool.name, error);
    }
    // Block SIGINT/SIGTERM before any server thread exists, so only sigwait() sees them.
    TerminationSignals signals;
    Instances instances;
    for (Scenario& scenario : fleet->instances) {
        instances.push_back(std::make_unique<Instance>(std::move(scenario), context.clock));
    }
    ServerSettings settings;
    settings.host = address->host;
    settings.base_port = address->port;
    settings.log_requests = !options.quiet;
    if (options.threads > 0) {
        settings.max_threads = static_cast<size_t>(options.threads);
    }
    SimServer server(std::move(instances), context.err, settings);
    auto bound = server.bind();
    if (!bound) {
        return lifeline::report_error(context.err, k_tool.name, bound.error());
    }
    const bool is_fleet = !options.fleet_file.empty();
    if (!options.ready_file.empty()) {
        // Atomic write: a test polling the file never reads half a line.
        auto written =
            context.fs.write_file_atomic(options.ready_file, ready_text(*bound, is_fleet));
        if (!written) {
            return lifeline::report_error(context.err, k_tool.name, written.error());
        }
    }
    for (const BoundInstance& instance : *bound) {
        context.err << "provider-sim: " << instance.name << " listening on http://"
                    << instance.address << "\n";
    }
    context.err.flush();
    server.start();
    const int signal_number = signals.wait();
    context.err << "provider-sim: stopping (signal " << signal_number << ")\n";
    server.stop();
    return 0;
}

}  // namespace provider_sim
