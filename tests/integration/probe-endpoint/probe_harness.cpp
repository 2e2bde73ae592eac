#include "probe_harness.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace probe_it {

namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Waits for `pid` up to `limit`; kills it (SIGKILL) when it overstays. Returns the exit code,
// 128 + signal when killed by one.
int wait_bounded(pid_t pid, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > until) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TempDir::TempDir() {
    std::string pattern =
        std::filesystem::temp_directory_path().string() + "/probe-endpoint-it.XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    m_path = mkdtemp(buffer.data());
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string full = m_path + "/" + name;
    std::ofstream(full) << content;
    return full;
}

std::string TempDir::read(const std::string& name) const {
    return read_all(m_path + "/" + name);
}

Sim::Sim(const std::string& yaml, std::vector<std::string> extra_args, Mode mode) {
    const std::string file = m_dir.write("sim.yaml", yaml);
    const std::string ready = m_dir.path() + "/ready";
    const std::string log = m_dir.path() + "/sim.log";
    std::vector<std::string> args = {PROVIDER_SIM_BINARY,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--quiet",
                                     mode == Mode::fleet ? "--fleet" : "--scenario",
                                     file,
                                     "--ready-file",
                                     ready};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    m_pid = fork();
    if (m_pid == 0) {
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        std::vector<char*> argv;
        for (std::string& arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    for (int i = 0; i < 1000 && m_ports.empty(); ++i) {
        // Written atomically: once it exists it is complete ("host:port" or "name host:port").
        std::istringstream lines(read_all(ready));
        std::string line;
        while (std::getline(lines, line)) {
            const size_t colon = line.rfind(':');
            if (colon == std::string::npos)
                continue;
            const size_t space = line.find(' ');
            m_names.push_back(space == std::string::npos ? "" : line.substr(0, space));
            m_ports.push_back(std::stoi(line.substr(colon + 1)));
        }
        if (!m_ports.empty())
            break;
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            ADD_FAILURE() << "provider-sim exited: " << read_all(log);
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (m_ports.empty())
        ADD_FAILURE() << "provider-sim never became ready: " << read_all(log);
}

Sim::~Sim() {
    if (m_pid > 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
}

std::string Sim::url(size_t index) const {
    return "http://127.0.0.1:" + std::to_string(port(index));
}

std::string Sim::url_of(const std::string& name) const {
    for (size_t i = 0; i < m_names.size(); ++i) {
        if (m_names[i] == name)
            return url(i);
    }
    return {};
}

std::vector<nlohmann::json> ToolOutcome::results_for(const std::string& target,
                                                     const std::string& probe) const {
    std::vector<nlohmann::json> found;
    if (!doc.is_object() || !doc.contains("data") || !doc["data"].contains("results"))
        return found;
    for (const nlohmann::json& result : doc["data"]["results"]) {
        if (result["target"] == target && (probe.empty() || result["probe"] == probe))
            found.push_back(result);
    }
    return found;
}

nlohmann::json ToolOutcome::result(const std::string& target, const std::string& probe) const {
    const auto found = results_for(target, probe);
    EXPECT_EQ(found.size(), 1u) << "results of " << target << " " << probe << " in:\n" << out;
    return found.empty() ? nlohmann::json::object() : found.front();
}

ToolOutcome run_probe(const std::vector<std::string>& args, const std::string& cwd,
                      const std::map<std::string, std::string>& env) {
    ToolOutcome outcome;
    const std::string out_path = cwd + "/probe.stdout";
    const std::string err_path = cwd + "/probe.stderr";
    std::vector<std::string> argv_text = {PROBE_ENDPOINT_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<std::string> env_text = {"PATH=/usr/bin:/bin", "HOME=" + cwd};
    for (const auto& [name, value] : env)
        env_text.push_back(name + "=" + value);
    const auto started = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(cwd.c_str()) != 0)
            _exit(126);
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, 1);
        dup2(err, 2);
        std::vector<char*> argv;
        for (std::string& arg : argv_text)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (std::string& entry : env_text)
            envp.push_back(entry.data());
        envp.push_back(nullptr);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    outcome.exit_code = wait_bounded(pid, std::chrono::seconds(120));
    outcome.wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    outcome.out = read_all(out_path);
    outcome.err = read_all(err_path);
    outcome.doc = nlohmann::json::parse(outcome.out, nullptr, false);
    return outcome;
}

int closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

const std::vector<SimKind>& sim_kinds() {
    static const std::vector<SimKind> k_kinds = {
        {"openai", "openai", "/v1", true},
        {"azure", "azure", "/openai", false},
        {"anthropic", "anthropic", "", true},
        {"gemini", "gemini", "/v1beta", true},
        {"openrouter", "openrouter", "/api/v1", true},
        {"compat", "openai-compatible", "/v1", true},
    };
    return k_kinds;
}

std::string provider_yaml(const SimKind& kind, const std::string& name, const std::string& url,
                          const std::string& key_variable) {
    std::string yaml = "  " + name + ": {kind: " + kind.kind + ", base_url: \"" + url + kind.path +
                       "\", auth: {env: " + key_variable + "}";
    if (std::string(kind.kind) == "azure")
        yaml += ", api_version: \"2025-04-01-preview\"";
    return yaml + "}\n";
}

std::string providers_yaml(const std::string& url, const std::string& key_variable,
                           const std::string& only) {
    std::string yaml;
    for (const SimKind& kind : sim_kinds()) {
        if (only.empty() || only == kind.name)
            yaml += provider_yaml(kind, kind.name, url, key_variable);
    }
    return yaml;
}

}  // namespace probe_it
