#pragma once
// CurlLoopTransport: the libcurl AsyncTransport for a program with an event loop of its own.
// libcurl's socket interface (curl_multi_socket_action) runs on the loop through EventLoop
// (event_loop.hpp): the loop reports socket readiness and curl's timer, curl does the I/O. A
// request is started, answered and finished on the loop's thread; nothing crosses threads.
// One transport per loop thread, each with its own connection cache.

#include <memory>

#include <lifeline/http/async_transport.hpp>
#include <lifeline/http/event_loop.hpp>

namespace lifeline::http {

// AsyncTransport's contract (async_transport.hpp), with one difference: start() and cancel()
// must be called on the loop's thread, where every callback runs too (never inside start() or
// cancel()). cancel() from anywhere on that thread stops the transfer's callbacks at once;
// only on_done follows, with TransportError::aborted.
class CurlLoopTransport final : public AsyncTransport {
  public:
    // Loads libcurl (once per process; it takes milliseconds the first time). When it cannot
    // be loaded, every request's on_done gets Kind::invalid with the loader's message.
    // `loop` must outlive the transport.
    explicit CurlLoopTransport(EventLoop& loop);
    // Cancels every transfer still running or queued (each on_done is called, with
    // TransportError::aborted) and forgets every socket and the timer. On the loop's thread,
    // never inside a callback.
    ~CurlLoopTransport() override;
    CurlLoopTransport(const CurlLoopTransport&) = delete;
    CurlLoopTransport& operator=(const CurlLoopTransport&) = delete;

    TransferId start(HttpRequest request, AsyncCallbacks callbacks) override;
    void cancel(TransferId id) override;

    // Transfers started whose on_done has not been called yet.
    size_t active() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace lifeline::http
