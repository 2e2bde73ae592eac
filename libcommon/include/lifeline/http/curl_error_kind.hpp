#pragma once
// How a finished libcurl transfer maps to a TransportError::Kind. Pure functions over curl's
// numeric codes (CURLcode values), so the table is unit-testable without a network and
// without including curl.h here.

#include <string>
#include <string_view>

#include <lifeline/http/transport.hpp>

namespace lifeline::http {

// Why lifeline itself stopped a transfer, if it did. curl only reports "write error" or
// "aborted by callback"; this says which of our own checks fired.
enum class AbortCause {
    none,      // curl ended the transfer on its own
    size_cap,  // the body passed HttpRequest::max_response_bytes
    callback,  // HttpRequest::on_body_chunk returned false
    idle,      // no bytes arrived for Timeouts::idle
};

// The Kind for a transfer that ended with `curl_code` (a CURLcode; 0 = CURLE_OK) after
// `cause`. An abort cause wins over the code (idle -> timeout, size_cap -> too_large,
// callback -> aborted). Unknown codes map to reset: the peer or the path misbehaved.
TransportError::Kind transport_error_kind(int curl_code, AbortCause cause);

// A one-line message for the error: "<what happened>: <detail>" (": <detail>" left out when
// empty). `detail` is curl's error buffer or our own note ("after 200 ms"); line breaks are
// folded away. Callers never pass header values (auth headers carry keys).
std::string transport_error_message(TransportError::Kind kind, AbortCause cause,
                                    std::string_view detail);

}  // namespace lifeline::http
