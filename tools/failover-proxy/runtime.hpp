#pragma once
// What one run of failover-proxy owns — the event loops, the shared services, the state store
// and its writer, the access log, the upstream transport and the server — and how it reacts to
// signals: SIGHUP reloads the config, SIGTERM/SIGINT (or, with --exit-with-parent, the parent
// process going away) drain and stop the loops.

#include <functional>
#include <memory>
#include <optional>
#include <ostream>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sys/types.h>

#include <lifeline/state/store.hpp>

#include "access_log.hpp"
#include "event_loops.hpp"
#include "http_server.hpp"
#include "services.hpp"
#include "state_writer.hpp"

namespace failover_proxy {

// Members in the order they are built; destroyed in reverse (the server before the loops its
// connections run on, the writer after the server).
struct Runtime {
    Runtime(const lifeline::config::Config& config, unsigned threads)
        : loops(make_loops(threads)), services(config.circuit) {}
    // Loop 0's io_context: the acceptor, the signals and the drain and parent timers run there.
    boost::asio::io_context& io() { return loops.front()->io; }

    Loops loops;
    Services services;
    std::unique_ptr<lifeline::state::StateStore> store;
    std::unique_ptr<StateWriter> state;
    std::unique_ptr<AccessLog> access_log;
    std::unique_ptr<HttpServer> server;
    std::optional<boost::asio::signal_set> signals;
    std::optional<boost::asio::steady_timer> parent_watch;
};

struct SignalPlan {
    std::function<void()> reload;      // SIGHUP
    lifeline::Duration drain_timeout;  // SIGTERM, SIGINT
    bool exit_with_parent = false;     // drain when getppid() is not `parent`
    // The parent to outlive no longer: the supervisor's pid when it named itself (a supervisor
    // killed while the proxy was starting is then noticed too), else the parent at this point.
    std::optional<pid_t> parent;
};

// Catches SIGINT, SIGTERM and SIGHUP from now on. Call it before the ready file is written: a
// signal that arrives before watch_signals() (a supervisor stopping the proxy the moment it is
// ready) is kept by the signal set and handled as soon as the loops run, instead of ending
// the process by the default action.
void catch_signals(Runtime& runtime);

// Handles the caught signals on runtime.io() (catch_signals first if it was not called); `err`
// gets one line per signal handled.
void watch_signals(Runtime& runtime, SignalPlan plan, std::ostream& err);

// Stops accepting, lets requests in flight finish for `timeout`, then ends the rest (error
// events, retryable error answers) and stops the loops.
void drain(Runtime& runtime, lifeline::Duration timeout);

// Runs every loop, each on a thread of its own (this one included), until drain() stops them,
// then tears down the server and the transports and flushes the state writer.
void run_event_loops(Runtime& runtime);

}  // namespace failover_proxy
