#pragma once
// A private redis-server for one test: a free 127.0.0.1 port, its files in a temporary
// directory; killed at destruction and with the test process if that dies. Without
// persistence it keeps nothing; with it (append-only file, fsync before every reply) a kill()
// and restart() on the same port and directory show what a crash of the server keeps.

#include <string>

#include <sys/types.h>

#include "temp_dir.hpp"

namespace lifeline::testing {

class LocalRedis {
  public:
    enum class Persistence {
        none,  // --save "" --appendonly no
        // --appendonly yes --appendfsync always: every write the server acknowledged is on
        // disk, so it survives a SIGKILL (with everysec up to a second of writes may not).
        fsync_always,
    };

    // Starts redis-server and waits (bounded, 5 s) until it answers PING. When it is not
    // installed, installed() is false; when it does not answer, ready() is false and error()
    // says why.
    explicit LocalRedis(Persistence persistence = Persistence::none);
    ~LocalRedis();
    LocalRedis(const LocalRedis&) = delete;
    LocalRedis& operator=(const LocalRedis&) = delete;

    bool installed() const { return m_installed; }
    bool ready() const { return m_pid > 0; }
    const std::string& error() const { return m_error; }
    int port() const { return m_port; }
    // "redis://127.0.0.1:PORT/0".
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(m_port) + "/0"; }
    // The server's directory (its log, and the append-only files when persistent).
    const std::string& dir() const { return m_dir.path(); }

    // SIGKILL, as when the server's machine dies; ready() is false afterwards.
    void kill();
    // Starts the server again on the same port and directory (after kill()) and waits
    // (bounded, 5 s) until it has loaded its data and answers PING; false with error() set.
    bool restart();

  private:
    bool start_on(int port);

    TempDir m_dir{"lifeline-redis"};
    Persistence m_persistence;
    pid_t m_pid = -1;
    int m_port = 0;
    bool m_installed = false;
    std::string m_error;
};

}  // namespace lifeline::testing
