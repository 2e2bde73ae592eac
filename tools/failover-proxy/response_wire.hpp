#pragma once
// The bytes of an HTTP/1.1 response as a connection writes them: a whole response with its
// content-length, or a chunked stream's head, its chunks and its last chunk. Pure.

#include <string>
#include <string_view>

#include "responder.hpp"

namespace failover_proxy {

// The chunk that ends a chunked stream.
inline constexpr std::string_view k_last_chunk = "0\r\n\r\n";

// Status line, `headers`, content-length, a connection header (keep-alive or close) and `body`.
std::string whole_response(int status, const HeaderList& headers, std::string_view body,
                           bool keep_alive);

// Status line, `headers`, transfer-encoding: chunked and a connection header; chunks follow.
std::string stream_head(int status, const HeaderList& headers, bool keep_alive);

// One chunk carrying `bytes`, which must not be empty (an empty chunk ends the stream).
std::string chunk(std::string_view bytes);

}  // namespace failover_proxy
