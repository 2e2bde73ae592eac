#include "raw_client.hpp"

#include <cerrno>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace proxy_it {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

RawClient::RawClient(int port) {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    m_connected = connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    m_error = m_connected ? 0 : errno;
}

RawClient::~RawClient() {
    close_now();
}

bool RawClient::send_all(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += static_cast<size_t>(n);
    }
    return true;
}

bool RawClient::read_until(const std::string& text, milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (m_received.find(text) == std::string::npos) {
        if (!read_some(deadline))
            return false;
    }
    return true;
}

bool RawClient::read_to_close(milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (read_some(deadline)) {
    }
    return m_closed_by_peer;
}

void RawClient::close_now() {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

// One read within `deadline`; false on close, error or timeout.
bool RawClient::read_some(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || m_fd < 0)
        return false;
    pollfd waiting{m_fd, POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(left.count())) != 1)
        return false;
    char buffer[4096];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
        m_closed_by_peer = true;
        return false;
    }
    m_received.append(buffer, static_cast<size_t>(n));
    return true;
}

std::string raw_post(const std::string& path, const std::string& token, const std::string& body) {
    return "POST " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Authorization: Bearer " +
           token + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string dechunked_body(const std::string& response) {
    size_t at = response.find("\r\n\r\n");
    if (at == std::string::npos)
        return {};
    at += 4;
    std::string body;
    while (at < response.size()) {
        const size_t line_end = response.find("\r\n", at);
        if (line_end == std::string::npos)
            break;
        const size_t size = std::stoul(response.substr(at, line_end - at), nullptr, 16);
        if (size == 0)
            break;
        body += response.substr(line_end + 2, size);
        at = line_end + 2 + size + 2;
    }
    return body;
}

}  // namespace proxy_it
