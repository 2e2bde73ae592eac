#pragma once
// The real provider-sim binary on ephemeral 127.0.0.1 ports, for integration tests and benches:
// started with --ready-file, stopped (SIGKILL) at destruction. PROVIDER_SIM_BINARY is the path
// this library was built with.

#include <string>
#include <vector>

#include <sys/types.h>

#include "temp_dir.hpp"

namespace lifeline::testing {

class SimProcess {
  public:
    // Starts provider-sim with `args` plus --ready-file; with `wait_ready`, waits (bounded, 10s)
    // until the ready file is written or the process exits.
    explicit SimProcess(std::vector<std::string> args, bool wait_ready = true);
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    bool ready() const { return !m_ready_lines.empty(); }
    // The ready file's lines ("127.0.0.1:PORT", or "name 127.0.0.1:PORT" for a fleet).
    const std::vector<std::string>& ready_lines() const { return m_ready_lines; }
    size_t instances() const { return m_ready_lines.size(); }
    // Line `index`'s instance name ("" for a single scenario), host and port.
    std::string name(size_t index = 0) const;
    std::string host(size_t index = 0) const;
    int port(size_t index = 0) const;
    // "http://127.0.0.1:PORT" of instance `index`.
    std::string url(size_t index = 0) const;
    // The URL of the fleet instance called `name`; "" when there is none.
    std::string url_of(const std::string& name) const;

    // Sends `signal_number` and waits (bounded, 10s); the exit status (128+signal if a signal
    // ended it), -1 when it was not running or had to be killed.
    int stop(int signal_number);
    // Waits for a process that exits by itself (bounded, 10s, then killed); -1 then.
    int wait_exit();
    std::string stderr_text() const;

  private:
    TempDir m_dir{"provider-sim-it"};
    pid_t m_pid = -1;
    std::vector<std::string> m_ready_lines;
};

// provider-sim serving `yaml` (a scenario, or a fleet file) with --quiet on 127.0.0.1:0; a sim
// that does not become ready fails the test with its stderr.
class YamlSim {
  public:
    enum class Mode { scenario, fleet };
    // extra_args are appended (e.g. --threads). A fleet has one instance per entry, in order.
    explicit YamlSim(const std::string& yaml, std::vector<std::string> extra_args = {},
                     Mode mode = Mode::scenario);

    bool ready() const { return m_process.ready(); }
    int port(size_t index = 0) const { return m_process.port(index); }
    size_t instances() const { return m_process.instances(); }
    std::string url(size_t index = 0) const { return m_process.url(index); }
    std::string url_of(const std::string& name) const { return m_process.url_of(name); }

  private:
    TempDir m_dir{"provider-sim-yaml"};
    SimProcess m_process;
};

}  // namespace lifeline::testing
