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

namespace proxy_it {

namespace {

// A port nobody listens on now: bind port 0 and read what the kernel picked. Another process
// may take it before redis-server does; start() then tries again.
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

LocalRedis::LocalRedis() {
    m_installed = access(LIFELINE_REDIS_SERVER, X_OK) == 0;
    if (!m_installed) {
        m_error = "redis-server not found at " LIFELINE_REDIS_SERVER;
        return;
    }
    for (int attempt = 0; attempt < 3 && m_port == 0; ++attempt) {
        const int port = free_port();
        if (port != 0 && start_on(port))
            m_port = port;
    }
    if (m_port == 0 && m_error.empty())
        m_error = "redis-server did not answer PING on 127.0.0.1";
}

LocalRedis::~LocalRedis() {
    stop();
}

bool LocalRedis::start_on(int port) {
    const std::string port_text = std::to_string(port);
    const std::string log = m_dir.path() + "/redis.log";
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
              "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", m_dir.path().c_str(),
              "--logfile", log.c_str(), "--daemonize", "no", static_cast<char*>(nullptr));
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
    stop();
    return false;
}

void LocalRedis::stop() {
    if (m_pid <= 0)
        return;
    kill(m_pid, SIGKILL);  // nothing to save: it runs without persistence
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

}  // namespace proxy_it
