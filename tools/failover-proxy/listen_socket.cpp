#include "listen_socket.hpp"

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <boost/asio/ip/address.hpp>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace failover_proxy {

namespace {

auto bad_fd(int fd, const std::string& why) {
    return lifeline::fail(lifeline::ErrorCode::invalid_input,
                          "--listen-fd " + std::to_string(fd) + ": " + why +
                              " (give a TCP socket the proxy inherits, already bound and "
                              "listening, or use --listen)");
}

int socket_option(int fd, int option) {
    int value = 0;
    socklen_t size = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, option, &value, &size) != 0)
        return -1;
    return value;
}

}  // namespace

lifeline::Result<ListenAddress> adopt_listen_fd(int fd) {
    if (fd <= STDERR_FILENO)
        return bad_fd(fd, "must be above 2 (0-2 are the proxy's standard streams)");
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0)
        return bad_fd(fd, "not an open file descriptor");
    sockaddr_storage local{};
    socklen_t size = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0)
        return bad_fd(fd, std::string("not a socket (") + std::strerror(errno) + ")");
    if (local.ss_family != AF_INET && local.ss_family != AF_INET6)
        return bad_fd(fd, "not an IPv4 or IPv6 socket");
    if (socket_option(fd, SO_TYPE) != SOCK_STREAM)
        return bad_fd(fd, "not a stream (TCP) socket");
    if (socket_option(fd, SO_ACCEPTCONN) != 1)
        return bad_fd(fd, "not listening (call listen() on it before starting the proxy)");
    ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);

    ListenAddress address;
    address.fd = fd;
    char text[INET6_ADDRSTRLEN] = {};
    if (local.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(local);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        address.port = ntohs(v4.sin_port);
    } else {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(local);
        ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        address.port = ntohs(v6.sin6_port);
    }
    address.host = text;
    boost::system::error_code error;
    const auto ip = boost::asio::ip::make_address(address.host, error);
    address.loopback = !error && ip.is_loopback();
    return address;
}

}  // namespace failover_proxy
