#include "response_wire.hpp"

#include <ostream>  // boost/beast/http/status.hpp uses it without including it

#include <boost/beast/http/status.hpp>

namespace failover_proxy {

namespace http = boost::beast::http;

namespace {

// Status line and header lines, without the connection header that ends them.
std::string head_lines(int status, const HeaderList& headers) {
    const auto reason = http::obsolete_reason(static_cast<http::status>(status));
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " +
                      std::string(reason.data(), reason.size()) + "\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out;
}

std::string_view connection_header(bool keep_alive) {
    return keep_alive ? "connection: keep-alive\r\n\r\n" : "connection: close\r\n\r\n";
}

char hex_digit(size_t value) {
    return "0123456789abcdef"[value & 0xf];
}

}  // namespace

std::string whole_response(int status, const HeaderList& headers, std::string_view body,
                           bool keep_alive) {
    std::string out = head_lines(status, headers);
    out += "content-length: " + std::to_string(body.size()) + "\r\n";
    out += connection_header(keep_alive);
    out += body;
    return out;
}

std::string stream_head(int status, const HeaderList& headers, bool keep_alive) {
    std::string out = head_lines(status, headers);
    out += "transfer-encoding: chunked\r\n";
    out += connection_header(keep_alive);
    return out;
}

std::string chunk(std::string_view bytes) {
    std::string out;  // the size in hex
    size_t size = bytes.size();
    do {
        out.insert(out.begin(), hex_digit(size));
        size >>= 4;
    } while (size != 0);
    out += "\r\n";
    out += bytes;
    out += "\r\n";
    return out;
}

}  // namespace failover_proxy
