#include "proxy_sidecar.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/classify/classification.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/util/strings.hpp>

namespace run_with_failover {

namespace {

using lifeline::ErrorCode;

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string value_of(const std::string& ready, const std::string& key) {
    std::istringstream lines(ready);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(key + "=", 0) == 0)
            return line.substr(key.size() + 1);
    }
    return {};
}

// Waits up to `limit` for `pid`; true when it exited.
bool wait_for_exit(pid_t pid, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno == ECHILD))
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

pid_t spawn(const SidecarSpec& spec) {
    std::vector<std::string> argv_text = {spec.binary};
    argv_text.insert(argv_text.end(), spec.args.begin(), spec.args.end());
    std::vector<std::string> env_text;
    for (const auto& [name, value] : spec.env)
        env_text.push_back(name + "=" + value);
    std::vector<char*> argv;
    for (auto& text : argv_text)
        argv.push_back(text.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& text : env_text)
        envp.push_back(text.data());
    envp.push_back(nullptr);
    // Opened before fork: the child only dup2s and execs.
    const int log = ::open(spec.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        if (null_in >= 0)
            dup2(null_in, STDIN_FILENO);
        if (log >= 0) {
            dup2(log, STDOUT_FILENO);
            dup2(log, STDERR_FILENO);
        }
        execve(spec.binary.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    if (log >= 0)
        ::close(log);
    if (null_in >= 0)
        ::close(null_in);
    return pid;
}

}  // namespace

lifeline::Result<std::unique_ptr<ProxySidecar>> ProxySidecar::start(const SidecarSpec& spec) {
    std::unique_ptr<ProxySidecar> sidecar(new ProxySidecar());
    sidecar->m_pid = spawn(spec);
    if (sidecar->m_pid < 0)
        return lifeline::fail(ErrorCode::unavailable, "cannot start failover-proxy: fork failed");
    const auto deadline = std::chrono::steady_clock::now() + spec.ready_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string ready = read_text(spec.ready_file);
        if (ready.find("LIFELINE_PROXY_TOKEN=") != std::string::npos) {
            sidecar->m_url = value_of(ready, "LIFELINE_PROXY_URL");
            sidecar->m_token = value_of(ready, "LIFELINE_PROXY_TOKEN");
            return sidecar;
        }
        int status = 0;
        if (waitpid(sidecar->m_pid, &status, WNOHANG) == sidecar->m_pid) {
            sidecar->m_pid = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::string log = read_text(spec.log_file);
    if (log.size() > 2000)
        log = log.substr(log.size() - 2000);
    return lifeline::fail(
        ErrorCode::unavailable,
        "failover-proxy (" + spec.binary + ") did not become ready: " +
            (log.empty() ? std::string("no output") : lifeline::one_line_message(log, 600)));
}

ProxySidecar::~ProxySidecar() {
    stop();
}

void ProxySidecar::stop() {
    if (m_pid <= 0)
        return;
    kill(m_pid, SIGTERM);
    if (!wait_for_exit(m_pid, std::chrono::seconds(5))) {
        kill(m_pid, SIGKILL);
        wait_for_exit(m_pid, std::chrono::seconds(2));
    }
    m_pid = -1;
}

std::string find_proxy_binary(const lifeline::Environment& env) {
    namespace fs = std::filesystem;
    if (auto configured = env.get_non_empty("LIFELINE_PROXY_BIN"))
        return *configured;
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path beside = self.parent_path() / "failover-proxy";
        if (fs::exists(beside, error))
            return beside.string();
        // The build tree: tools/run-with-failover/ next to tools/failover-proxy/.
        const fs::path sibling =
            self.parent_path().parent_path() / "failover-proxy" / "failover-proxy";
        if (fs::exists(sibling, error))
            return sibling.string();
    }
    for (const std::string& dir : lifeline::split(env.get("PATH").value_or(""), ':')) {
        if (dir.empty())
            continue;
        const fs::path candidate = fs::path(dir) / "failover-proxy";
        if (access(candidate.c_str(), X_OK) == 0)
            return candidate.string();
    }
    return {};
}

lifeline::routing::RouteCandidate proxy_candidate(AgentKind agent, const std::string& url,
                                                  const std::string& lane) {
    using lifeline::config::ProviderKind;
    lifeline::routing::RouteCandidate route;
    route.provider.name = std::string(lifeline::state::k_proxy_provider);
    route.provider.auth.mode = lifeline::config::AuthConfig::Mode::env;
    route.provider.auth.env = "LIFELINE_PROXY_TOKEN";
    switch (agent) {
        case AgentKind::codex:
            route.provider.kind = ProviderKind::openai;
            route.provider.base_url = url + "/v1";
            route.model.capabilities = {"tools", "streaming", "responses"};
            break;
        case AgentKind::claude:
            route.provider.kind = ProviderKind::anthropic;
            route.provider.base_url = url;
            break;
        case AgentKind::gemini:
            route.provider.kind = ProviderKind::gemini;
            route.provider.base_url = url;
            break;
        case AgentKind::generic:
            route.provider.kind = ProviderKind::openai_compatible;
            route.provider.base_url = url + "/v1";
            break;
    }
    route.model.name = lane;
    route.model.provider = route.provider.name;
    route.candidate = lifeline::policy::make_candidate(route.model, route.provider);
    return route;
}

std::vector<std::string> provider_key_variables(const lifeline::config::Config& config) {
    std::vector<std::string> names;
    for (const auto& provider : config.providers) {
        if (provider.auth.mode == lifeline::config::AuthConfig::Mode::env &&
            !provider.auth.env.empty())
            names.push_back(provider.auth.env);
    }
    return names;
}

}  // namespace run_with_failover
