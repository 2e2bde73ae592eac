#pragma once
// A private redis-server for one test: a free 127.0.0.1 port, no persistence, its files in a
// temporary directory; stopped at destruction and killed with the test process if that dies.

#include <string>

#include <sys/types.h>

#include "support/temp_dir.hpp"

namespace proxy_it {

class LocalRedis {
  public:
    // Starts redis-server and waits (bounded, 5 s) until it answers PING. When it is not
    // installed, installed() is false; when it does not answer, ready() is false and error()
    // says why.
    LocalRedis();
    ~LocalRedis();
    LocalRedis(const LocalRedis&) = delete;
    LocalRedis& operator=(const LocalRedis&) = delete;

    bool installed() const { return m_installed; }
    bool ready() const { return m_port != 0; }
    const std::string& error() const { return m_error; }
    // "redis://127.0.0.1:PORT/0".
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(m_port) + "/0"; }

  private:
    bool start_on(int port);
    void stop();

    lifeline::testing::TempDir m_dir{"failover-proxy-redis"};
    pid_t m_pid = -1;
    int m_port = 0;
    bool m_installed = false;
    std::string m_error;
};

}  // namespace proxy_it
