#pragma once
// Starts a real redis-server on a free loopback port in a temporary directory, with no
// persistence, and stops it. Used by the Redis contract tests and the state benchmark.

#include <chrono>
#include <string>
#include <thread>

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/temp_dir.hpp"

#ifndef LIFELINE_REDIS_SERVER
#define LIFELINE_REDIS_SERVER "/usr/bin/redis-server"
#endif

namespace lifeline::testing {

class RedisServer {
  public:
    RedisServer() = default;
    ~RedisServer() { stop(); }
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    // Starts the server; on failure returns false with `error` saying why.
    bool start(std::string& error) {
        if (access(LIFELINE_REDIS_SERVER, X_OK) != 0) {
            error = "redis-server not found at " LIFELINE_REDIS_SERVER
                    " (apt-get install redis-server)";
            return false;
        }
        for (int attempt = 0; attempt < 3; ++attempt) {
            m_port = free_port();
            if (m_port == 0) {
                error = "no free loopback port";
                return false;
            }
            const std::string port = std::to_string(m_port);
            const std::string log = m_dir.file("redis.log");
            const pid_t parent = getpid();
            m_pid = fork();
            if (m_pid == 0) {
                // Dies with the test process even when that one crashes.
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() != parent) {
                    _exit(1);
                }
                execl(LIFELINE_REDIS_SERVER, "redis-server", "--port", port.c_str(), "--bind",
                      "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                      m_dir.path().c_str(), "--logfile", log.c_str(), "--daemonize", "no",
                      static_cast<char*>(nullptr));
                _exit(127);
            }
            if (wait_ready()) {
                return true;
            }
            stop();
        }
        error =
            "redis-server did not answer PING on 127.0.0.1 (see its log in " + m_dir.path() + ")";
        return false;
    }

    // SIGKILL, as when the server machine dies.
    void kill_now() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }

    void stop() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }

    int port() const { return m_port; }
    std::string url(const std::string& prefix) const {
        return "redis://127.0.0.1:" + std::to_string(m_port) + "/0?prefix=" + prefix;
    }

  private:
    static int free_port() {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        socklen_t length = sizeof address;
        int port = 0;
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
            port = ntohs(address.sin_port);
        }
        close(fd);
        return port;
    }

    bool wait_ready() {
        for (int i = 0; i < 250; ++i) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;  // exited: port taken, bad flag, ...
                return false;
            }
            timeval timeout{0, 200'000};
            if (redisContext* c = redisConnectWithTimeout("127.0.0.1", m_port, timeout)) {
                bool ok = false;
                if (c->err == 0) {
                    auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
                    ok = reply && reply->type == REDIS_REPLY_STATUS;
                    if (reply) {
                        freeReplyObject(reply);
                    }
                }
                redisFree(c);
                if (ok) {
                    return true;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    TempDir m_dir;
    pid_t m_pid = -1;
    int m_port = 0;
};

}  // namespace lifeline::testing
