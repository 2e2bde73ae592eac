#pragma once
// --listen values: "127.0.0.1:0", "localhost:8080", "[::1]:0". Loopback only unless allowed.

#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace provider_sim {

struct ListenAddress {
    std::string host;  // as given, brackets removed ("::1")
    int port = 0;      // 0 = ephemeral
};

// Errors (ErrorCode::invalid_input): no port, a port outside 0-65535, or a host that is not
// loopback (127.0.0.0/8, ::1, localhost) when `allow_remote` is false.
lifeline::Result<ListenAddress> parse_listen_address(std::string_view text, bool allow_remote);

// "127.0.0.1:43125", "[::1]:43125".
std::string format_address(const std::string& host, int port);

bool is_loopback_host(std::string_view host);

}  // namespace provider_sim
