#pragma once
// Runs the real provider-sim and probe-endpoint binaries for the integration tests: a sim on an
// ephemeral 127.0.0.1 port with a scenario, lifeline.yaml files pointing at it, and a bounded
// run of probe-endpoint with a chosen environment (no inherited keys).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/types.h>

namespace probe_it {

// The key every simulated provider accepts (scenario `keys:`); made up, never valid anywhere.
inline constexpr const char* k_sim_key = "sim-key-probe-endpoint-0001";

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
    std::string read(const std::string& name) const;

  private:
    std::string m_path;
};

// provider-sim with one scenario (or a fleet), killed at destruction.
class Sim {
  public:
    enum class Mode { scenario, fleet };
    // `yaml` (a scenario, or a fleet file) is written to a file; extra_args are appended (e.g.
    // --threads). A fleet has one port per instance, in the file's order.
    explicit Sim(const std::string& yaml, std::vector<std::string> extra_args = {},
                 Mode mode = Mode::scenario);
    ~Sim();
    Sim(const Sim&) = delete;
    Sim& operator=(const Sim&) = delete;

    bool ready() const { return !m_ports.empty(); }
    int port(size_t index = 0) const { return m_ports.at(index); }
    size_t instances() const { return m_ports.size(); }
    // "http://127.0.0.1:PORT" of instance `index`.
    std::string url(size_t index = 0) const;
    // The URL of the fleet instance called `name` (empty when there is none).
    std::string url_of(const std::string& name) const;

  private:
    TempDir m_dir;
    pid_t m_pid = -1;
    std::vector<int> m_ports;
    std::vector<std::string> m_names;  // fleet instance names ("" for a single scenario)
};

struct ToolOutcome {
    int exit_code = -1;
    std::string out;
    std::string err;
    nlohmann::json doc;  // stdout parsed as JSON (null when it is not JSON)
    double wall_ms = 0;

    // data.results[] entries whose target is `target` (and probe is `probe`, when given).
    std::vector<nlohmann::json> results_for(const std::string& target,
                                            const std::string& probe = "") const;
    // The single result of `target` (fails the test when there is not exactly one).
    nlohmann::json result(const std::string& target, const std::string& probe = "") const;
};

// Runs probe-endpoint with `args` in `cwd` with exactly `env` (plus PATH), bounded to 120s.
ToolOutcome run_probe(const std::vector<std::string>& args, const std::string& cwd,
                      const std::map<std::string, std::string>& env);

// A 127.0.0.1 port nothing listens on (bound once, then closed).
int closed_port();

// Where each provider kind lives on provider-sim, as a lifeline.yaml provider entry.
struct SimKind {
    const char* name;   // provider name used in configs
    const char* kind;   // lifeline provider kind
    const char* path;   // base_url path on the sim
    bool lists_models;  // the sim serves this kind's models list (azure's it does not)
};
const std::vector<SimKind>& sim_kinds();

// "  <name>: {kind: ..., base_url: <url><path>, auth: {env: <key_variable>}}\n" for `kind`.
std::string provider_yaml(const SimKind& kind, const std::string& name, const std::string& url,
                          const std::string& key_variable = "SIM_KEY");

// provider_yaml for every kind, named after it (or
// only the one named `only`).
std::string providers_yaml(const std::string& url, const std::string& key_variable = "SIM_KEY",
                           const std::string& only = "");

}  // namespace probe_it
