#pragma once
// Runs the real binaries for pick-provider's integration tests: provider-sim on an ephemeral
// 127.0.0.1 port, and bounded runs of pick-provider / probe-endpoint with exactly the
// environment a test gives (no inherited keys).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/types.h>

namespace pick_it {

// The key the simulated providers accept; made up, valid nowhere.
inline constexpr const char* k_sim_key = "sim-key-pick-provider-0001";

// A temporary directory, removed with its files at destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }
    // Writes `content` to path()/name; returns the full path.
    std::string write(const std::string& name, const std::string& content) const;
    // The file's content; "" when it does not exist.
    std::string read(const std::string& name) const;

  private:
    std::string m_path;
};

// provider-sim with one scenario, stopped at destruction.
class Sim {
  public:
    explicit Sim(const std::string& scenario_yaml);
    ~Sim();
    Sim(const Sim&) = delete;
    Sim& operator=(const Sim&) = delete;

    bool ready() const { return m_port > 0; }
    // "http://127.0.0.1:PORT"
    std::string url() const;

  private:
    TempDir m_dir;
    pid_t m_pid = -1;
    int m_port = 0;
};

struct Outcome {
    int exit_code = -1;
    std::string out;
    std::string err;
    nlohmann::json doc;  // stdout parsed as JSON; null when it is not JSON
};

// Runs `binary` with `args` in `cwd` with exactly `env` (plus PATH), bounded to 60s (then
// killed, exit_code -1).
Outcome run_binary(const std::string& binary, const std::vector<std::string>& args,
                   const std::string& cwd, const std::map<std::string, std::string>& env);

}  // namespace pick_it
