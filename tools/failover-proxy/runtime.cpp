#include "runtime.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <unistd.h>

#include <lifeline/util/duration.hpp>

namespace failover_proxy {

namespace {

struct SignalHandlers : std::enable_shared_from_this<SignalHandlers> {
    SignalHandlers(Runtime& runtime_in, SignalPlan plan_in, std::ostream& err_in)
        : runtime(runtime_in),
          plan(std::move(plan_in)),
          err(err_in),
          parent(plan.parent.value_or(getppid())) {}

    void wait_for_signal() {
        runtime.signals->async_wait(
            [self = shared_from_this()](const boost::system::error_code& error, int number) {
                if (!error)
                    self->on_signal(number);
            });
    }

    void on_signal(int number) {
        if (number == SIGHUP) {
            plan.reload();
            wait_for_signal();
            return;
        }
        err << "failover-proxy: " << (number == SIGINT ? "SIGINT" : "SIGTERM")
            << ": draining (at most " << lifeline::format_duration(plan.drain_timeout) << ")\n";
        drain(runtime, plan.drain_timeout);
    }

    void watch_parent() {
        if (getppid() != parent) {
            err << "failover-proxy: parent process gone: draining\n";
            drain(runtime, plan.drain_timeout);
            return;
        }
        runtime.parent_watch->expires_after(std::chrono::milliseconds(250));
        runtime.parent_watch->async_wait(
            [self = shared_from_this()](const boost::system::error_code& error) {
                if (!error)
                    self->watch_parent();
            });
    }

    Runtime& runtime;
    SignalPlan plan;
    std::ostream& err;
    const pid_t parent;
};

}  // namespace

void catch_signals(Runtime& runtime) {
    if (!runtime.signals)
        runtime.signals.emplace(runtime.io(), SIGINT, SIGTERM, SIGHUP);
}

void watch_signals(Runtime& runtime, SignalPlan plan, std::ostream& err) {
    catch_signals(runtime);
    runtime.parent_watch.emplace(runtime.io());
    const bool exit_with_parent = plan.exit_with_parent;
    auto handlers = std::make_shared<SignalHandlers>(runtime, std::move(plan), err);
    handlers->wait_for_signal();
    if (exit_with_parent)
        handlers->watch_parent();
}

void drain(Runtime& runtime, lifeline::Duration timeout) {
    runtime.server->begin_drain();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto timer = std::make_shared<boost::asio::steady_timer>(runtime.io());
    // Polls every 20 ms until nothing is in flight or the deadline passed.
    auto poll = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> weak_poll = poll;
    *poll = [&runtime, timer, weak_poll, deadline] {
        if (runtime.server->busy() == 0) {
            stop_loops(runtime.loops);
            return;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            runtime.server->abort_all();
            timer->expires_after(std::chrono::milliseconds(500));
            timer->async_wait(
                [&runtime](const boost::system::error_code&) { stop_loops(runtime.loops); });
            return;
        }
        timer->expires_after(std::chrono::milliseconds(20));
        timer->async_wait(
            [weak_poll, keep = weak_poll.lock()](const boost::system::error_code& error) {
                if (!error && keep)
                    (*keep)();
            });
    };
    (*poll)();
}

void run_event_loops(Runtime& runtime) {
    on_every_loop(runtime.loops, [](Loop& loop) {
        // Until stop_loops(): a loop no connection has been handed to yet still waits for one.
        auto keep_running = boost::asio::make_work_guard(loop.io);
        loop.io.run();
    });
    // Tear-down, in an order where no handler outlives what it refers to: no more signals;
    // every connection closed (its request cancelled, its transfer with it) and the loops run
    // until their handlers are done; then each transport, on its own loop's thread, ends what
    // is left, whose callbacks find their requests finished; only then the server goes.
    runtime.signals->cancel();
    runtime.parent_watch->cancel();
    for (auto& loop : runtime.loops)
        loop->io.restart();
    runtime.server->close_all();
    on_every_loop(runtime.loops, [](Loop& loop) {
        loop.io.run_for(std::chrono::seconds(2));
        loop.io.restart();
        loop.upstream.reset();
        loop.io.run_for(std::chrono::seconds(1));
    });
    runtime.server.reset();
    runtime.state->flush();
}

}  // namespace failover_proxy
