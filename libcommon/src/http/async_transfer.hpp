#pragma once
// Private to the http module: one started request of an AsyncTransport (async_transport.hpp)
// and the steps both libcurl drivers share — the thread-driven CurlAsyncTransport and the
// loop-driven CurlLoopTransport: wiring the request's callbacks into its CurlTransfer, the
// outcome once curl is done, calling on_done without letting an exception escape, and the
// sweep for idle timeouts over the running transfers.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <curl/curl.h>

#include <lifeline/http/async_transport.hpp>

#include "curl_transfer.hpp"

namespace lifeline::http::detail {

// Heap-allocated and never moved: CurlTransfer keeps a reference to `request`, and the curl
// callbacks a pointer to the whole.
struct AsyncTransfer {
    TransferId id = 0;
    HttpRequest request;
    AsyncCallbacks callbacks;
    std::unique_ptr<CurlTransfer> curl_transfer;  // made by prepare()
    // Set by a cancel() from inside a callback: no callback but on_done runs after that,
    // even within the same turn of curl.
    bool cancel_requested = false;
};

// A driver's transfers in flight, by id.
using RunningTransfers = std::unordered_map<TransferId, std::unique_ptr<AsyncTransfer>>;

// Makes transfer.curl_transfer with `curl`, routing its headers and 2xx body pieces to the
// callbacks (the request's own on_body_chunk is replaced: the async contract streams through
// on_chunk; without one a 2xx body is collected into HttpResponse::body). Returns the result
// to hand on_done when the request cannot be sent (its handle must then not be added).
std::optional<HttpResult> prepare(AsyncTransfer& transfer, const CurlLibrary& curl);

// How a transfer ended once curl reported `code`. A cancel from a callback makes curl stop
// with a write error (or lets a timeout fire first); the caller asked for the cancel.
HttpResult outcome(AsyncTransfer& transfer, CURLcode code);

// TransportError::kind with `message`, without detail or curl code.
TransportError transport_error(TransportError::Kind kind, std::string message);

// Calls on_done, if any; an exception from it is swallowed (a driver serves every transfer).
void call_on_done(AsyncTransfer& transfer, HttpResult result);

// The ids of `running`, a snapshot to iterate over while completing (which erases).
std::vector<TransferId> running_ids(const RunningTransfers& running);

// Idle timeouts are the drivers' own, not curl's: curl's low-speed limit only has second
// granularity, and providers' hung streams need a tighter bound. At `now`: the transfers whose
// idle timeout has passed, and how long until the next one of the others passes (none when no
// other has an idle timeout). The caller ends the expired ones (abort_idle, then a timeout).
struct IdleSweep {
    std::vector<TransferId> expired;
    std::optional<long> next_ms;
};
IdleSweep sweep_idle(const RunningTransfers& running, CurlTransfer::Clock::time_point now);

}  // namespace lifeline::http::detail
