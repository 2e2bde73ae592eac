#include "async_transfer.hpp"

#include <algorithm>
#include <utility>

namespace lifeline::http::detail {

std::optional<HttpResult> prepare(AsyncTransfer& transfer, const CurlLibrary& curl) {
    AsyncTransfer* self = &transfer;
    self->request.on_body_chunk = nullptr;
    if (self->callbacks.on_chunk) {
        self->request.on_body_chunk = [self](std::string_view chunk) {
            // A cancel() from inside on_chunk stops the transfer before the next piece.
            return !self->cancel_requested && self->callbacks.on_chunk(chunk) &&
                   !self->cancel_requested;
        };
    }
    self->curl_transfer = std::make_unique<CurlTransfer>(curl, self->request);
    self->curl_transfer->set_headers_hook([self](int status, const Headers& headers) {
        if (!self->cancel_requested && self->callbacks.on_headers)
            self->callbacks.on_headers(status, headers);
    });
    if (self->curl_transfer->setup_error())
        return self->curl_transfer->finish(CURLE_OK);
    return std::nullopt;
}

HttpResult outcome(AsyncTransfer& transfer, CURLcode code) {
    return transfer.cancel_requested ? transfer.curl_transfer->cancelled()
                                     : transfer.curl_transfer->finish(code);
}

TransportError transport_error(TransportError::Kind kind, std::string message) {
    return TransportError{kind, std::move(message), {}, 0};
}

void call_on_done(AsyncTransfer& transfer, HttpResult result) {
    if (!transfer.callbacks.on_done)
        return;
    try {
        transfer.callbacks.on_done(std::move(result));
    } catch (...) {
    }
}

std::vector<TransferId> running_ids(const RunningTransfers& running) {
    std::vector<TransferId> ids;
    ids.reserve(running.size());
    for (const auto& [id, transfer] : running)
        ids.push_back(id);
    return ids;
}

IdleSweep sweep_idle(const RunningTransfers& running, CurlTransfer::Clock::time_point now) {
    IdleSweep sweep;
    for (const auto& [id, transfer] : running) {
        std::optional<long> remaining = transfer->curl_transfer->idle_remaining_ms(now);
        if (remaining && *remaining <= 0)
            sweep.expired.push_back(id);
        else if (remaining)
            sweep.next_ms = std::min(sweep.next_ms.value_or(*remaining), *remaining);
    }
    return sweep;
}

}  // namespace lifeline::http::detail
