#include "listen_address.hpp"

namespace provider_sim {

bool is_loopback_host(std::string_view host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

lifeline::Result<ListenAddress> parse_listen_address(std::string_view text, bool allow_remote) {
    ListenAddress address;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return lifeline::fail(
                lifeline::ErrorCode::invalid_input,
                "--listen: expected [host]:port, got \"" + std::string(text) + "\"");
        }
        address.host = std::string(text.substr(1, close - 1));
        port_text = text.substr(close + 2);
    } else {
        const size_t colon = text.rfind(':');
        if (colon == std::string_view::npos || colon == 0) {
            return lifeline::fail(
                lifeline::ErrorCode::invalid_input,
                "--listen: expected host:port, got \"" + std::string(text) + "\"");
        }
        address.host = std::string(text.substr(0, colon));
        port_text = text.substr(colon + 1);
    }
    if (port_text.empty() || port_text.size() > 5) {
        return lifeline::fail(lifeline::ErrorCode::invalid_input,
                              "--listen: bad port \"" + std::string(port_text) + "\"");
    }
    int port = 0;
    for (char c : port_text) {
        if (c < '0' || c > '9') {
            return lifeline::fail(lifeline::ErrorCode::invalid_input,
                                  "--listen: bad port \"" + std::string(port_text) + "\"");
        }
        port = port * 10 + (c - '0');
    }
    if (port > 65535) {
        return lifeline::fail(lifeline::ErrorCode::invalid_input,
                              "--listen: port " + std::to_string(port) + " is out of range");
    }
    address.port = port;
    if (!allow_remote && !is_loopback_host(address.host)) {
        return lifeline::fail(lifeline::ErrorCode::invalid_input,
                              "--listen: " + address.host +
                                  " is not a loopback address; provider-sim only listens on "
                                  "loopback unless --allow-remote is given");
    }
    return address;
}

std::string format_address(const std::string& host, int port) {
    if (host.find(':') != std::string::npos) {
        return "[" + host + "]:" + std::to_string(port);
    }
    return host + ":" + std::to_string(port);
}

}  // namespace provider_sim
