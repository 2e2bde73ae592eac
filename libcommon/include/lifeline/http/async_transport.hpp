#pragma once
// AsyncTransport: requests that run without blocking the caller, for servers with an event
// loop of their own (failover-proxy). A request is started, its answer arrives through
// callbacks, and it can be cancelled at any time. The libcurl implementation
// (CurlAsyncTransport) drives every transfer from one thread with a curl multi handle: no
// thread per request, connections kept alive per upstream.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include <lifeline/http/transport.hpp>

namespace lifeline::http {

// What a started request reports, in this order: on_headers once (when the final, non-1xx
// response headers are complete; never for a transfer that failed before them), on_chunk for
// each piece of a 2xx body (bodies of other statuses are collected into HttpResponse::body
// instead), then on_done exactly once. HttpRequest::on_body_chunk is ignored.
//
// Callbacks run on the transport's one thread, never on the caller's (not even for a request
// that fails at once), so they must be quick. They may call start() and cancel() on the same
// transport, but must not destroy it. Any callback may be empty. An exception from on_headers
// or on_chunk aborts the transfer (TransportError::aborted); one from on_done is swallowed.
struct AsyncCallbacks {
    std::function<void(int status, const Headers& headers)> on_headers;
    // Return false to abort the transfer: on_done then gets TransportError::aborted.
    // When empty, a 2xx body is collected into HttpResponse::body like any other.
    std::function<bool(std::string_view chunk)> on_chunk;
    // The response (any status), or why there is none.
    std::function<void(HttpResult result)> on_done;
};

using TransferId = uint64_t;

class AsyncTransport {
  public:
    virtual ~AsyncTransport() = default;

    // Starts `request` and returns at once; every outcome, even a request that cannot be sent,
    // arrives through `callbacks`. The id is never 0 and never reused. Safe from any thread,
    // including callbacks.
    virtual TransferId start(HttpRequest request, AsyncCallbacks callbacks) = 0;

    // Stops transfer `id` (no-op when it has already finished or was never started). Its
    // on_done, if not yet called, is called with TransportError::aborted ("transfer
    // cancelled"). Safe from any thread, including callbacks. From another thread the cancel
    // takes effect on the transport thread's next turn, so an on_headers or on_chunk already
    // under way may still arrive; from a callback, none arrives for `id` after it returns.
    virtual void cancel(TransferId id) = 0;
};

// The libcurl implementation: one thread drives every transfer through one curl multi handle
// that lives as long as the transport, so connections are kept alive and reused per host.
// Timeouts, TLS, redirects, header and size-cap rules are CurlTransport's (curl_transport.hpp).
class CurlAsyncTransport final : public AsyncTransport {
  public:
    // Starts the transport thread, which loads libcurl (once per process). When libcurl cannot
    // be loaded, every request's on_done gets Kind::invalid with the loader's message (naming
    // the library and the package to install), on the transport thread as always.
    CurlAsyncTransport();
    // Cancels every transfer still running or queued (each on_done is called, with
    // TransportError::aborted), then joins the thread. Must not run inside a callback.
    ~CurlAsyncTransport() override;
    CurlAsyncTransport(const CurlAsyncTransport&) = delete;
    CurlAsyncTransport& operator=(const CurlAsyncTransport&) = delete;

    TransferId start(HttpRequest request, AsyncCallbacks callbacks) override;
    void cancel(TransferId id) override;

    // Transfers started whose on_done has not been called yet (for metrics and tests); a
    // transfer leaves the count just before its on_done runs.
    size_t active() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace lifeline::http
