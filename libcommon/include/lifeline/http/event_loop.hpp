#pragma once
// EventLoop: what CurlLoopTransport (loop_transport.hpp) needs from the event loop of the
// program it runs in — readiness of sockets, one timer, and deferred work. The program
// implements it on its own loop (failover-proxy on Boost.Asio), so libcurl's transfers run on
// that loop's thread with no thread of their own and no hand-off between threads.
//
// Contract: every method is called on the loop's thread, and every callback it is given runs
// there, never inside the method that registered it. A callback replaced or cancelled (watch()
// again, forget(), set_timer() again) is never called afterwards.

#include <chrono>
#include <functional>

namespace lifeline::http {

class EventLoop {
  public:
    // Socket interest and readiness, as bits.
    static constexpr int k_readable = 1;
    static constexpr int k_writable = 2;
    static constexpr int k_error = 4;  // in readiness only: the socket failed or hung up

    using Ready = std::function<void(int readiness)>;

    virtual ~EventLoop() = default;

    // From now on, calls `ready` each time `fd` is ready for `interest` (k_readable and/or
    // k_writable), until watch() is called again for `fd`. Readiness is a hint, as with
    // poll(): a loop may report k_writable once, unchecked, when writable interest begins
    // (most sockets a transfer asks to write to are), so the caller's write may still find
    // EAGAIN; if the interest stays, the loop then waits for real readiness. Interest 0 pauses: no
    // calls, but the loop keeps `fd` registered for the next watch() (a kept-alive connection
    // between two requests). The fd belongs to the caller: the loop never closes it.
    virtual void watch(int fd, int interest, Ready ready) = 0;

    // `fd` is about to be closed (or was closed behind the loop's back and its number is
    // about to be reused): the loop drops everything it holds for it. No-op for an fd it does
    // not know.
    virtual void forget(int fd) = 0;

    // Calls `fired` once after `delay` (zero: on the loop's next turn), replacing the timer
    // set before; a negative delay only cancels it.
    virtual void set_timer(std::chrono::milliseconds delay, std::function<void()> fired) = 0;

    // Runs `work` on the loop's next turn.
    virtual void defer(std::function<void()> work) = 0;
};

}  // namespace lifeline::http
