#include "proxy_sidecar.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/classify/classification.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/util/strings.hpp>

namespace run_with_failover {

namespace {

using lifeline::ErrorCode;
using Clock = std::chrono::steady_clock;

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

// Milliseconds left until `deadline`, rounded up (poll's unit); 0 once it passed.
int ms_until(Clock::time_point deadline) {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero())
        return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

// A descriptor that becomes readable when `pid` exits, or -1 where the kernel has none (before
// Linux 5.3): the waits below then fall back to short sleeps.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    return -1;
#endif
}

// Waits up to `limit` for `pid` to exit and reaps it; true when it exited.
bool wait_for_exit(pid_t pid, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    const int pidfd = open_pidfd(pid);
    bool exited = false;
    while (true) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno == ECHILD)) {
            exited = true;
            break;
        }
        const int left = ms_until(deadline);
        if (left == 0)
            break;
        if (pidfd >= 0) {
            pollfd entry{pidfd, POLLIN, 0};
            ::poll(&entry, 1, left);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    if (pidfd >= 0)
        ::close(pidfd);
    return exited;
}

// The ready lines, read until the proxy closes its end of the pipe (right after writing them,
// or by exiting before it was ready) or `deadline` passes.
std::string read_ready_lines(int fd, Clock::time_point deadline) {
    std::string text;
    char buffer[512];
    while (true) {
        const int left = ms_until(deadline);
        if (left == 0)
            break;
        pollfd entry{fd, POLLIN, 0};
        const int polled = ::poll(&entry, 1, left);
        if (polled < 0 && errno == EINTR)
            continue;
        if (polled <= 0)
            break;
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        text.append(buffer, static_cast<size_t>(got));
    }
    return text;
}

// Forks and execs the proxy with the write end of a fresh pipe as --ready-fd; `ready_read`
// gets the read end. -1 when the pipe or the fork failed (errno says why).
pid_t spawn(const SidecarSpec& spec, int& ready_read) {
    int ready[2] = {-1, -1};
    if (::pipe2(ready, O_CLOEXEC) != 0)
        return -1;
    // Above the standard descriptors, which the child replaces.
    if (ready[1] <= STDERR_FILENO) {
        const int moved = ::fcntl(ready[1], F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
        ::close(ready[1]);
        ready[1] = moved;
    }
    std::vector<std::string> argv_text = {spec.binary};
    argv_text.insert(argv_text.end(), spec.args.begin(), spec.args.end());
    argv_text.insert(argv_text.end(), {"--ready-fd", std::to_string(ready[1])});
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
    const pid_t pid = ready[1] >= 0 ? fork() : -1;
    if (pid == 0) {
        setpgid(0, 0);
        // run-with-failover ignores SIGPIPE (stdout_sink.hpp); the proxy starts from the default.
        signal(SIGPIPE, SIG_DFL);
        if (null_in >= 0)
            dup2(null_in, STDIN_FILENO);
        if (log >= 0) {
            dup2(log, STDOUT_FILENO);
            dup2(log, STDERR_FILENO);
        }
        // The one descriptor the proxy inherits besides the standard ones.
        fcntl(ready[1], F_SETFD, 0);
        execve(spec.binary.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    const int saved_errno = errno;
    for (int fd : {log, null_in, ready[1]}) {
        if (fd >= 0)
            ::close(fd);
    }
    if (pid < 0) {
        ::close(ready[0]);
        errno = saved_errno;
        return -1;
    }
    ready_read = ready[0];
    return pid;
}

}  // namespace

lifeline::Result<std::unique_ptr<ProxySidecar>> ProxySidecar::start(const SidecarSpec& spec) {
    std::unique_ptr<ProxySidecar> sidecar(new ProxySidecar());
    int ready_read = -1;
    sidecar->m_pid = spawn(spec, ready_read);
    if (sidecar->m_pid < 0) {
        return lifeline::fail(ErrorCode::unavailable,
                              std::string("cannot start failover-proxy: ") + std::strerror(errno));
    }
    const std::string ready = read_ready_lines(ready_read, Clock::now() + spec.ready_timeout);
    ::close(ready_read);
    if (ready.find("LIFELINE_PROXY_TOKEN=") != std::string::npos) {
        sidecar->m_url = value_of(ready, "LIFELINE_PROXY_URL");
        sidecar->m_token = value_of(ready, "LIFELINE_PROXY_TOKEN");
        return sidecar;
    }
    // It closed the pipe without the lines: it is exiting (its log says why). One that timed
    // out is stopped by the destructor.
    if (wait_for_exit(sidecar->m_pid, std::chrono::seconds(2)))
        sidecar->m_pid = -1;
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
