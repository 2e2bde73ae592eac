#include "proxy.hpp"

#include <thread>

#include <boost/asio/ip/address.hpp>

#include <lifeline/app/proxy_token.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/routing/review_author.hpp>
#include <lifeline/util/os_random.hpp>
#include <lifeline/util/strings.hpp>

#include "listen_socket.hpp"
#include "ready_channel.hpp"
#include "runtime.hpp"

namespace failover_proxy {

using lifeline::ErrorCode;
using lifeline::ExitCode;
using lifeline::fail;

namespace {

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
    return Token{lifeline::app::new_proxy_token(), true};
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

// The flags that need parsing, parsed.
struct Flags {
    ListenAddress listen;
    Token token;
    lifeline::Duration drain_timeout{0};
    lifeline::Duration header_timeout{0};
    lifeline::Duration idle_timeout{0};
    lifeline::Duration max_wait{0};
};

lifeline::Result<Flags> parse_flags(const Options& options, lifeline::Context& context) {
    Flags flags;
    flags.listen = options.listen_fd != k_no_listen_fd
                       ? LIFELINE_TRY(adopt_listen_fd(options.listen_fd))
                       : LIFELINE_TRY(parse_listen(options.listen));
    flags.token = LIFELINE_TRY(choose_token(options, flags.listen, context));
    flags.drain_timeout = LIFELINE_TRY(duration_flag("--drain-timeout", options.drain_timeout));
    flags.header_timeout = LIFELINE_TRY(duration_flag("--header-timeout", options.header_timeout));
    flags.idle_timeout = LIFELINE_TRY(duration_flag("--idle-timeout", options.idle_timeout));
    flags.max_wait = LIFELINE_TRY(duration_flag("--max-wait", options.max_wait));
    if (options.ready_fd != k_no_ready_fd)
        LIFELINE_TRY_VOID(claim_ready_fd(options.ready_fd));
    return flags;
}

// The author of the change this proxy reviews, resolved once (the ledger is not read while
// serving).
lifeline::Result<lifeline::routing::VendorRule> review_rule(
    const Options& options, lifeline::state::StateStore& store,
    const lifeline::config::Config& config) {
    const lifeline::routing::ReviewAuthor author =
        LIFELINE_TRY(lifeline::routing::review_author_from_flags(options.review));
    // --review-fallback given alone still applies to the vendors clients send in headers.
    return lifeline::routing::resolve_vendor_rule(author, &store, config, "");
}

// The state store, the access log and the state writer, wired into the services every
// request shares.
lifeline::Status open_runtime(Runtime& runtime, const Options& options, const Flags& flags,
                              const lifeline::config::Config& config, lifeline::Context& context) {
    runtime.store = LIFELINE_TRY(lifeline::app::open_state(context, options.common, config));
    runtime.access_log = LIFELINE_TRY(AccessLog::open(options.access_log));
    Services& services = runtime.services;
    services.settings.default_idle_timeout = flags.idle_timeout;
    services.settings.max_wait = flags.max_wait;
    services.settings.max_in_flight_per_upstream = options.max_in_flight_per_upstream;
    services.run_id = context.env.get("LIFELINE_RUN_ID").value_or("");
    services.ledger_session = context.env.get("LIFELINE_SESSION").value_or("");
    services.seed = lifeline::os_random_u64();
    services.review_rule = LIFELINE_TRY(review_rule(options, *runtime.store, config));
    services.review_of = std::string(lifeline::trim(options.review.review_of));
    services.access_log = runtime.access_log.get();
    runtime.state = std::make_unique<StateWriter>(
        *runtime.store, *runtime.store, services.health, lifeline::Duration{500},
        [&context](const std::string& line) { context.err << "failover-proxy: " << line << "\n"; });
    services.state = runtime.state.get();
    return {};
}

// Builds the config snapshot the requests read and says which providers have no key.
void install_snapshot(Runtime& runtime, lifeline::config::Config config,
                      lifeline::provider::CredentialResolver& credentials,
                      lifeline::Context& context) {
    auto snapshot =
        make_snapshot(std::move(config), credentials, runtime.services.settings.max_wait);
    for (const auto& [provider, credential] : snapshot->credentials) {
        if (!credential.error.empty())
            context.err << "failover-proxy: provider " << provider << ": " << credential.error
                        << " (its candidates fail as auth and are skipped)\n";
    }
    runtime.state->watch(snapshot->all_candidates(), snapshot->config.circuit);
    runtime.services.replace_snapshot(std::move(snapshot));
}

// Listens, writes the ready file (0600: it may hold the token) and --ready-fd, and says where
// on stderr.
lifeline::Status listen_and_announce(Runtime& runtime, const Options& options, const Flags& flags,
                                     lifeline::Context& context) {
    ServerLimits limits;
    limits.max_body_bytes = options.max_body;
    limits.header_timeout = flags.header_timeout;
    limits.max_connections = options.max_connections;
    runtime.server =
        std::make_unique<HttpServer>(runtime.loops, runtime.services, limits, flags.token.value);
    const ListenAddress& listen = flags.listen;
    if (listen.fd != k_no_listen_fd) {
        LIFELINE_TRY_VOID(runtime.server->adopt(listen.fd));
    } else {
        LIFELINE_TRY_VOID(
            runtime.server->listen({boost::asio::ip::make_address(listen.host), listen.port}));
    }
    const std::string host =
        listen.host.find(':') != std::string::npos ? "[" + listen.host + "]" : listen.host;
    const std::string url = "http://" + host + ":" + std::to_string(runtime.server->port());
    std::string ready = "LIFELINE_PROXY_URL=" + url + "\n";
    if (flags.token.generated)
        ready += "LIFELINE_PROXY_TOKEN=" + flags.token.value + "\n";
    if (!options.ready_file.empty())
        LIFELINE_TRY_VOID(write_ready_file(options.ready_file, ready));
    if (options.ready_fd >= 0)
        LIFELINE_TRY_VOID(announce_on_fd(options.ready_fd, ready));
    const Token& token = flags.token;
    context.err << "failover-proxy: listening on " << url
                << " (lanes: " << lane_names(runtime.services.snapshot()->config) << "; token: "
                << (token.value.empty() ? "none"
                    : token.generated   ? (options.ready_file.empty() && options.ready_fd >= 0
                                               ? "in the ready lines on --ready-fd"
                                               : "in the ready file")
                                        : options.auth_token_env)
                << ")\n";
    return {};
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
    auto flags = parse_flags(options, context);
    if (!flags)
        return report(flags.error());
    auto config = lifeline::app::load_config(context, options.common);
    if (!config)
        return report(config.error());

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    Runtime runtime(*config, options.threads > 0 ? static_cast<unsigned>(options.threads) : cores);
    // Before anything announces the proxy as ready: a SIGTERM from then on must drain it.
    catch_signals(runtime);
    if (auto opened = open_runtime(runtime, options, *flags, *config, context); !opened)
        return report(opened.error());
    lifeline::provider::CredentialResolver credentials(context.env, context.processes,
                                                       context.clock);
    install_snapshot(runtime, std::move(*config), credentials, context);
    if (auto listening = listen_and_announce(runtime, options, *flags, context); !listening)
        return report(listening.error());

    SignalPlan plan;
    plan.reload = [&] { reload(options, context, runtime, credentials); };
    plan.drain_timeout = flags->drain_timeout;
    plan.exit_with_parent = options.exit_with_parent;
    if (options.parent_pid > 0)
        plan.parent = static_cast<pid_t>(options.parent_pid);
    watch_signals(runtime, std::move(plan), context.err);

    run_event_loops(runtime);
    context.err << "failover-proxy: stopped\n";
    return lifeline::to_int(ExitCode::ok);
}

}  // namespace failover_proxy
