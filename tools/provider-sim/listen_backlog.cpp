#include "listen_backlog.hpp"

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

namespace provider_sim {
namespace {

bool is_listening(int fd) {
    int accepting = 0;
    socklen_t length = sizeof accepting;
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting != 0;
}

int bound_port(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return -1;
    if (address.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    }
    return -1;
}

}  // namespace

bool widen_listen_backlog(int port, int backlog) {
    rlimit limit{};
    const int max_fd = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536
                           ? static_cast<int>(limit.rlim_cur)
                           : 65536;
    for (int fd = 3; fd < max_fd; ++fd) {
        if (is_listening(fd) && bound_port(fd) == port)
            return listen(fd, backlog) == 0;
    }
    return false;
}

}  // namespace provider_sim
