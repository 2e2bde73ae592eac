#include "pick_harness.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pick_it {

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Waits for `pid` at most `limit`; kills it (SIGKILL) past that. Returns the exit status, or
// -1 when it had to be killed.
int wait_bounded(pid_t pid, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& cwd,
            const std::map<std::string, std::string>& env, const std::string& out_path,
            const std::string& err_path) {
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : env)
        env_strings.push_back(name + "=" + value);
    if (!env.count("PATH"))
        env_strings.push_back("PATH=/usr/bin:/bin");
    const pid_t pid = fork();
    if (pid != 0)
        return pid;
    // Child: only async-signal-safe calls until exec.
    if (chdir(cwd.c_str()) != 0)
        _exit(126);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0)
        _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (const std::string& entry : env_strings)
        envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    execve(argv[0].c_str(), args.data(), envp.data());
    _exit(127);
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    pattern += "/pick-it.XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()))
        m_path = buffer.data();
}

TempDir::~TempDir() {
    if (!m_path.empty()) {
        const std::string command = "rm -rf '" + m_path + "'";
        [[maybe_unused]] const int ignored = std::system(command.c_str());
    }
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string path = m_path + "/" + name;
    std::ofstream(path) << content;
    return path;
}

std::string TempDir::read(const std::string& name) const {
    return slurp(m_path + "/" + name);
}

Sim::Sim(const std::string& scenario_yaml) {
    const std::string scenario = m_dir.write("scenario.yaml", scenario_yaml);
    const std::string ready = m_dir.path() + "/ready";
    m_pid = spawn({PROVIDER_SIM_BINARY, "--listen", "127.0.0.1:0", "--ready-file", ready,
                   "--scenario", scenario, "--quiet"},
                  m_dir.path(), {}, m_dir.path() + "/sim.out", m_dir.path() + "/sim.err");
    for (int i = 0; i < 1000 && m_port == 0; ++i) {
        const std::string line = slurp(ready);
        const size_t colon = line.rfind(':');
        if (colon != std::string::npos)
            m_port = std::atoi(line.c_str() + colon + 1);
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

Sim::~Sim() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        wait_bounded(m_pid, std::chrono::seconds(10));
    }
}

std::string Sim::url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

Outcome run_binary(const std::string& binary, const std::vector<std::string>& args,
                   const std::string& cwd, const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv = {binary};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::string out_path = cwd + "/.stdout";
    const std::string err_path = cwd + "/.stderr";
    Outcome outcome;
    const pid_t pid = spawn(argv, cwd, env, out_path, err_path);
    outcome.exit_code = wait_bounded(pid, std::chrono::seconds(60));
    outcome.out = slurp(out_path);
    outcome.err = slurp(err_path);
    outcome.doc = nlohmann::json::parse(outcome.out, nullptr, false);
    if (outcome.doc.is_discarded())
        outcome.doc = nullptr;
    return outcome;
}

}  // namespace pick_it
