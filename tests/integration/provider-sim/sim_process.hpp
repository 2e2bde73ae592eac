#pragma once
// Starts the real provider-sim binary on an ephemeral port and stops it again; for the
// integration tests only (POSIX fork/exec, 127.0.0.1 only).

#include <string>
#include <vector>

#include <httplib.h>
#include <sys/types.h>

namespace provider_sim_it {

// A temporary directory removed (with its files) at destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return m_path; }
    // Writes `content` to path()/name and returns the full path.
    std::string write(const std::string& name, const std::string& content) const;

  private:
    std::string m_path;
};

class SimProcess {
  public:
    // Starts provider-sim with `args` plus --ready-file; waits (bounded, 10s) for the ready file.
    explicit SimProcess(std::vector<std::string> args, bool wait_ready = true);
    ~SimProcess();

    bool ready() const { return !m_ready_lines.empty(); }
    // The ready file's lines ("127.0.0.1:PORT", or "name 127.0.0.1:PORT" for a fleet).
    const std::vector<std::string>& ready_lines() const { return m_ready_lines; }
    // host and port of line `index` (the name, if any, dropped).
    std::string host(size_t index = 0) const;
    int port(size_t index = 0) const;
    httplib::Client client(size_t index = 0) const;

    // Sends `signal_number` and waits; returns the exit status (or 128+signal if killed).
    int stop(int signal_number);
    // Waits for a process that exits by itself (bounded, 10s); -1 on timeout.
    int wait_exit();
    std::string stderr_text() const;

  private:
    TempDir m_dir;
    pid_t m_pid = -1;
    std::vector<std::string> m_ready_lines;
};

}  // namespace provider_sim_it
