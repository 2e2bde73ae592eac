#include "async_transfer.hpp"

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

}  // namespace lifeline::http::detail
