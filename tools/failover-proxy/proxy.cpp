#include "proxy.hpp"

#include <thread>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unistd.h>

#include <lifeline/http/async_transport.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/util/os_random.hpp>
#include <lifeline/util/strings.hpp>

#include "http_server.hpp"

namespace failover_proxy {

using lifeline::ErrorCode;
using lifeline::ExitCode;
using lifeline::fail;

namespace {

std::string random_token() {
    std::string token = "llp-";
    for (int i = 0; i < 4; ++i) {
        const uint64_t bits = lifeline::os_random_u64();
        for (int shift = 60; shift >= 0; shift -= 4)
            token.push_back("0123456789abcdef"[(bits >> shift) & 0xf]);
    }
    return token;
}

struct Token {
    std::string value;
    bool generated = false;
};

lifeline::Result<Token> choose_token(const Options& options, const ListenAddress& listen,
                                     lifeline::Context& context) {
    if (options.no_auth) {
        if (!listen.loopback) {
            return fail(ErrorCode::invalid_input,
                        "--no-auth is accepted only on a loopback address, not " + listen.host +
                            ": the proxy holds real provider keys and would be an open relay");
        }
        context.err << "failover-proxy: WARNING: --no-auth: any local process can spend this "
                       "proxy's provider keys\n";
        return Token{};
    }
    if (!options.auth_token_env.empty()) {
        auto value = context.env.get(options.auth_token_env);
        if (!value || value->empty()) {
            return fail(ErrorCode::invalid_input,
                        "--auth-token-env " + options.auth_token_env +
                            ": the variable is not set; export a token there or drop the flag to "
                            "get a random one in the ready file");
        }
        return Token{*value, false};
    }
    return Token{random_token(), true};
}

lifeline::Result<lifeline::Duration> duration_flag(const std::string& flag,
                                                   const std::string& text) {
    auto parsed = lifeline::parse_duration(text);
    if (!parsed)
        return fail(ErrorCode::invalid_input,
                    flag + " \"" + text + "\": " + parsed.error().message);
    return *parsed;
}

std::string lane_names(const lifeline::config::Config& config) {
    std::vector<std::string> names;
    for (const auto& lane : config.lanes)
        names.push_back(lane.name);
    return names.empty() ? "none" : lifeline::join(names, ", ");
}

// What one run of the proxy owns, in the order it must be torn down (reverse).
struct Runtime {
    explicit Runtime(const lifeline::config::Config& config) : services(config.circuit) {}
    boost::asio::io_context io;
    Services services;
    std::unique_ptr<lifeline::state::StateStore> store;
    std::unique_ptr<StateWriter> state;
    std::unique_ptr<AccessLog> access_log;
    std::unique_ptr<lifeline::http::CurlAsyncTransport> upstream;
    std::unique_ptr<HttpServer> server;
};

void reload(const Options& options, lifeline::Context& context, Runtime& runtime,
            lifeline::provider::CredentialResolver& credentials) {
    auto config = lifeline::app::load_config(context, options.common);
    if (!config) {
        context.err << "failover-proxy: SIGHUP: config not reloaded, keeping the running one: "
                    << config.error().to_string() << "\n";
        return;
    }
    auto snapshot =
        make_snapshot(std::move(*config), credentials, runtime.services.settings.max_wait);
    if (runtime.state)
        runtime.state->watch(snapshot->all_candidates(), snapshot->config.circuit);
    context.err << "failover-proxy: SIGHUP: reloaded " << snapshot->config.source
                << " (lanes: " << lane_names(snapshot->config) << ")\n";
    runtime.services.replace_snapshot(std::move(snapshot));
}

// SIGTERM/SIGINT: stop accepting, let requests finish for the drain timeout, then end the rest
// with error events and stop the loop.
void drain(Runtime& runtime, lifeline::Duration timeout) {
    runtime.server->begin_drain();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto timer = std::make_shared<boost::asio::steady_timer>(runtime.io);
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [&runtime, timer, poll, deadline] {
        if (runtime.server->busy() == 0) {
            runtime.io.stop();
            return;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            runtime.server->abort_all();
            timer->expires_after(std::chrono::milliseconds(500));
            timer->async_wait([&runtime, poll](const boost::system::error_code&) {
                runtime.io.stop();
                *poll = nullptr;
            });
            return;
        }
        timer->expires_after(std::chrono::milliseconds(20));
        timer->async_wait([poll](const boost::system::error_code& error) {
            if (!error && *poll)
                (*poll)();
        });
    };
    (*poll)();
}

}  // namespace

lifeline::Result<ListenAddress> parse_listen(const std::string& text) {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size())
        return fail(ErrorCode::invalid_input,
                    "--listen \"" + text + "\": expected host:port, e.g. 127.0.0.1:4141");
    ListenAddress address;
    address.host = text.substr(0, colon);
    if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    if (address.host == "localhost")
        address.host = "127.0.0.1";
    int port = -1;
    try {
        size_t used = 0;
        port = std::stoi(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1)
            port = -1;
    } catch (...) {
        port = -1;
    }
    if (port < 0 || port > 65535)
        return fail(ErrorCode::invalid_input,
                    "--listen \"" + text + "\": the port must be 0-65535");
    boost::system::error_code error;
    const auto ip = boost::asio::ip::make_address(address.host, error);
    if (error)
        return fail(ErrorCode::invalid_input,
                    "--listen \"" + text + "\": \"" + address.host + "\" is not an IP address");
    address.port = static_cast<unsigned short>(port);
    address.loopback = ip.is_loopback();
    return address;
}

int run(const Options& options, lifeline::Context& context) {
    auto report = [&context](const lifeline::Error& error) {
        return lifeline::report_error(context.err, k_tool.name, error);
    };
    auto listen = parse_listen(options.listen);
    if (!listen)
        return report(listen.error());
    auto token = choose_token(options, *listen, context);
    if (!token)
        return report(token.error());
    auto drain_timeout = duration_flag("--drain-timeout", options.drain_timeout);
    auto header_timeout = duration_flag("--header-timeout", options.header_timeout);
    auto idle_timeout = duration_flag("--idle-timeout", options.idle_timeout);
    auto max_wait = duration_flag("--max-wait", options.max_wait);
    for (const auto* parsed : {&drain_timeout, &header_timeout, &idle_timeout, &max_wait}) {
        if (!*parsed)
            return report(parsed->error());
    }
    auto config = lifeline::app::load_config(context, options.common);
    if (!config)
        return report(config.error());

    Runtime runtime(*config);
    auto store = lifeline::app::open_state(context, options.common, *config);
    if (!store)
        return report(store.error());
    runtime.store = std::move(*store);
    auto access_log = AccessLog::open(options.access_log);
    if (!access_log)
        return report(access_log.error());
    runtime.access_log = std::move(*access_log);

    Services& services = runtime.services;
    services.settings.default_idle_timeout = *idle_timeout;
    services.settings.max_wait = *max_wait;
    services.settings.max_in_flight_per_upstream = options.max_in_flight_per_upstream;
    services.run_id = context.env.get("LIFELINE_RUN_ID").value_or("");
    services.ledger_session = context.env.get("LIFELINE_SESSION").value_or("");
    services.seed = lifeline::os_random_u64();
    services.access_log = runtime.access_log.get();
    runtime.upstream = std::make_unique<lifeline::http::CurlAsyncTransport>();
    services.upstream = runtime.upstream.get();
    runtime.state = std::make_unique<StateWriter>(
        *runtime.store, services.health, lifeline::Duration{500},
        [&context](const std::string& line) { context.err << "failover-proxy: " << line << "\n"; });
    services.state = runtime.state.get();

    lifeline::provider::CredentialResolver credentials(context.env, context.processes,
                                                       context.clock);
    auto snapshot =
        make_snapshot(std::move(*config), credentials, runtime.services.settings.max_wait);
    for (const auto& [provider, credential] : snapshot->credentials) {
        if (!credential.error.empty())
            context.err << "failover-proxy: provider " << provider << ": " << credential.error
                        << " (its candidates fail as auth and are skipped)\n";
    }
    runtime.state->watch(snapshot->all_candidates(), snapshot->config.circuit);
    const std::string lanes = lane_names(snapshot->config);
    services.replace_snapshot(std::move(snapshot));

    ServerLimits limits;
    limits.max_body_bytes = options.max_body;
    limits.header_timeout = *header_timeout;
    limits.max_connections = options.max_connections;
    runtime.server = std::make_unique<HttpServer>(runtime.io, services, limits, token->value);
    boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address(listen->host),
                                            listen->port);
    if (auto listening = runtime.server->listen(endpoint); !listening)
        return report(listening.error());

    const std::string host =
        listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
    const std::string url = "http://" + host + ":" + std::to_string(runtime.server->port());
    if (!options.ready_file.empty()) {
        std::string ready = "LIFELINE_PROXY_URL=" + url + "\n";
        if (token->generated)
            ready += "LIFELINE_PROXY_TOKEN=" + token->value + "\n";
        if (auto written = context.fs.write_file_atomic(options.ready_file, ready, 0600); !written)
            return report(written.error());
    }
    context.err << "failover-proxy: listening on " << url << " (lanes: " << lanes << "; token: "
                << (token->value.empty() ? "none"
                    : token->generated   ? "in the ready file"
                                         : options.auth_token_env)
                << ")\n";

    boost::asio::signal_set signals(runtime.io, SIGINT, SIGTERM, SIGHUP);
    std::function<void(const boost::system::error_code&, int)> on_signal =
        [&](const boost::system::error_code& error, int signal_number) {
            if (error)
                return;
            if (signal_number == SIGHUP) {
                reload(options, context, runtime, credentials);
                signals.async_wait(on_signal);
                return;
            }
            context.err << "failover-proxy: " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
                        << ": draining (at most " << lifeline::format_duration(*drain_timeout)
                        << ")\n";
            drain(runtime, *drain_timeout);
        };
    signals.async_wait(on_signal);
    // --exit-with-parent: an orphaned sidecar (its parent killed) drains like on SIGTERM.
    const pid_t parent = getppid();
    boost::asio::steady_timer parent_watch(runtime.io);
    std::function<void(const boost::system::error_code&)> watch_parent =
        [&](const boost::system::error_code& error) {
            if (error)
                return;
            if (getppid() != parent) {
                context.err << "failover-proxy: parent process gone: draining\n";
                drain(runtime, *drain_timeout);
                return;
            }
            parent_watch.expires_after(std::chrono::milliseconds(250));
            parent_watch.async_wait(watch_parent);
        };
    if (options.exit_with_parent)
        watch_parent({});

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads) : cores;
    std::vector<std::thread> loop_threads;
    for (unsigned i = 1; i < threads; ++i)
        loop_threads.emplace_back([&runtime] { runtime.io.run(); });
    runtime.io.run();
    for (auto& thread : loop_threads)
        thread.join();
    runtime.server.reset();
    runtime.upstream
        .reset();  // ends transfers still running; their callbacks post to a stopped loop
    runtime.state->flush();
    context.err << "failover-proxy: stopped\n";
    return lifeline::to_int(ExitCode::ok);
}

}  // namespace failover_proxy
