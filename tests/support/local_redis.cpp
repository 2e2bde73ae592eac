#include "local_redis.hpp"

#include <chrono>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef LIFELINE_REDIS_SERVER
#define LIFELINE_REDIS_SERVER "/usr/bin/redis-server"
#endif

namespace lifeline::testing {

namespace {

// A port nobody listens on now: bind port 0 and read what the kernel picked. Another process
// may take it before redis-server does; the constructor then tries again.
int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    close(fd);
    return port;
}

// True once the server answers +PONG; while it loads its append-only file it answers
// -LOADING instead.
bool answers_ping(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = false;
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        write(fd, "PING\r\n", 6) == 6) {
        pollfd waiting{fd, POLLIN, 0};
        char reply[16] = {};
        ok = poll(&waiting, 1, 200) == 1 && read(fd, reply, sizeof reply - 1) > 0 &&
             std::string(reply).rfind("+PONG", 0) == 0;
    }
    close(fd);
    return ok;
}

}  // namespace

LocalRedis::LocalRedis(Persistence persistence) : m_persistence(persistence) {
    m_installed = access(LIFELINE_REDIS_SERVER, X_OK) == 0;
    if (!m_installed) {
        m_error = "redis-server not found at " LIFELINE_REDIS_SERVER;
        return;
    }
    for (int attempt = 0; attempt < 3 && m_pid <= 0; ++attempt) {
        const int port = free_port();
        if (port != 0 && start_on(port))
            m_port = port;
    }
    if (m_pid <= 0 && m_error.empty())
        m_error =
            "redis-server did not answer PING on 127.0.0.1 (log: " + m_dir.path() + "/redis.log)";
}

LocalRedis::~LocalRedis() {
    kill();
}

bool LocalRedis::start_on(int port) {
    const std::string port_text = std::to_string(port);
    const std::string log = m_dir.path() + "/redis.log";
    const bool persistent = m_persistence == Persistence::fsync_always;
    const pid_t parent = getpid();
    m_pid = fork();
    if (m_pid < 0) {
        m_error = "fork failed";
        return false;
    }
    if (m_pid == 0) {
        // Dies with the test process, even when that one crashes.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
        execl(LIFELINE_REDIS_SERVER, "redis-server", "--port", port_text.c_str(), "--bind",
              "127.0.0.1", "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync",
              persistent ? "always" : "everysec", "--dir", m_dir.path().c_str(), "--logfile",
              log.c_str(), "--daemonize", "no", static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 250; ++i) {
        if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
            m_pid = -1;  // exited: the port was taken, or a bad flag
            return false;
        }
        if (answers_ping(port))
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill();
    return false;
}

void LocalRedis::kill() {
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

bool LocalRedis::restart() {
    kill();
    if (!m_installed || m_port == 0) {
        m_error = "redis-server was never started";
        return false;
    }
    // The old listening socket is gone with the process; a short retry covers a port the
    // kernel has not released yet.
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (start_on(m_port))
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    m_error = "redis-server did not restart on 127.0.0.1:" + std::to_string(m_port) +
              " (log: " + m_dir.path() + "/redis.log)";
    return false;
}

}  // namespace lifeline::testing
