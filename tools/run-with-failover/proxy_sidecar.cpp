#include "proxy_sidecar.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/classify/classification.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/util/os_random.hpp>
#include <lifeline/util/strings.hpp>

namespace run_with_failover {

namespace {

using lifeline::ErrorCode;
using Clock = std::chrono::steady_clock;

// The variable that carries the per-run token to the proxy (--auth-token-env) and the agent.
constexpr std::string_view k_token_variable = "LIFELINE_PROXY_TOKEN";

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
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

// What the watcher read on the ready pipe.
struct ReadyLines {
    std::string text;
    bool timed_out = false;  // the deadline passed first
};

// The ready lines, read until the proxy closes its end of the pipe (right after writing them,
// or by exiting before it was ready), `deadline` passes or `cancel_fd` becomes readable.
ReadyLines read_ready_lines(int fd, int cancel_fd, Clock::time_point deadline) {
    ReadyLines ready;
    char buffer[512];
    while (true) {
        const int left = ms_until(deadline);
        if (left == 0) {
            ready.timed_out = true;
            break;
        }
        pollfd entries[2] = {{fd, POLLIN, 0}, {cancel_fd, POLLIN, 0}};
        const int polled = ::poll(entries, 2, left);
        if (polled < 0 && errno == EINTR)
            continue;
        if (polled < 0)
            break;
        if (entries[1].revents != 0) {
            // Cancelled: what the proxy wrote already still counts.
            entries[0].revents = 0;
            if (::poll(entries, 1, 0) == 1 && (entries[0].revents & POLLIN) != 0) {
                const ssize_t got = ::read(fd, buffer, sizeof buffer);
                if (got > 0)
                    ready.text.append(buffer, static_cast<size_t>(got));
            }
            break;
        }
        if (polled == 0)
            continue;  // the deadline, checked above
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        ready.text.append(buffer, static_cast<size_t>(got));
    }
    return ready;
}

// A TCP socket listening on a free port of 127.0.0.1 (close-on-exec); -1 with errno set.
int listen_on_loopback(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(fd, SOMAXCONN) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        const int saved_errno = errno;
        ::close(fd);
        errno = saved_errno;
        return -1;
    }
    port = ntohs(address.sin_port);
    return fd;
}

// `fd`, moved above the standard descriptors (which the child replaces); -1 on failure.
int above_stderr(int fd) {
    if (fd < 0 || fd > STDERR_FILENO)
        return fd;
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    ::close(fd);
    return moved;
}

// Starts the proxy on `listen_fd` (closed here) with the write end of a fresh pipe as
// --ready-fd; `ready_read` gets the read end. posix_spawn, not fork: the parent's pages are not
// made copy-on-write under the agent's start. -1 with errno set when the pipe or the spawn
// failed.
pid_t spawn(const SidecarSpec& spec, int listen_fd, int& ready_read) {
    int ready[2] = {-1, -1};
    if (::pipe2(ready, O_CLOEXEC) != 0) {
        const int saved_errno = errno;
        ::close(listen_fd);
        errno = saved_errno;
        return -1;
    }
    ready[1] = above_stderr(ready[1]);
    listen_fd = above_stderr(listen_fd);
    std::vector<std::string> argv_text = {spec.binary};
    argv_text.insert(argv_text.end(), spec.args.begin(), spec.args.end());
    argv_text.insert(argv_text.end(),
                     {"--listen-fd", std::to_string(listen_fd), "--ready-fd",
                      std::to_string(ready[1]), "--auth-token-env", std::string(k_token_variable)});
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
    const int log = ::open(spec.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (null_in >= 0)
        posix_spawn_file_actions_adddup2(&actions, null_in, STDIN_FILENO);
    if (log >= 0) {
        posix_spawn_file_actions_adddup2(&actions, log, STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, log, STDERR_FILENO);
    }
    // A descriptor duplicated onto itself loses close-on-exec (glibc 2.29+): these two are the
    // only ones the proxy inherits besides the standard streams.
    posix_spawn_file_actions_adddup2(&actions, ready[1], ready[1]);
    posix_spawn_file_actions_adddup2(&actions, listen_fd, listen_fd);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A process group of its own; SIGPIPE back to the default (run-with-failover ignores it,
    // stdout_sink.hpp, and an ignored signal stays ignored across exec).
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    int error = ready[1] >= 0 && listen_fd >= 0 ? 0 : errno;
    if (error == 0)
        error = ::posix_spawn(&pid, spec.binary.c_str(), &actions, &attributes, argv.data(),
                              envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    // The proxy holds the socket now: when it exits, waiting connections are refused at once
    // instead of hanging in a backlog nobody accepts from.
    for (int fd : {log, null_in, ready[1], listen_fd}) {
        if (fd >= 0)
            ::close(fd);
    }
    if (error != 0) {
        ::close(ready[0]);
        errno = error;
        return -1;
    }
    ready_read = ready[0];
    return pid;
}

void signal_event(int fd) {
    const uint64_t one = 1;
    while (::write(fd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

}  // namespace

lifeline::Result<std::unique_ptr<ProxySidecar>> ProxySidecar::start(const SidecarSpec& spec) {
    auto cannot = [](const std::string& what) {
        return lifeline::fail(ErrorCode::unavailable, std::string("cannot start failover-proxy: ") +
                                                          what + ": " + std::strerror(errno));
    };
    std::unique_ptr<ProxySidecar> sidecar(new ProxySidecar());
    sidecar->m_failure_fd = ::eventfd(0, EFD_CLOEXEC);
    sidecar->m_cancel_fd = ::eventfd(0, EFD_CLOEXEC);
    if (sidecar->m_failure_fd < 0 || sidecar->m_cancel_fd < 0)
        return cannot("eventfd");
    int port = 0;
    const int listen_fd = listen_on_loopback(port);
    if (listen_fd < 0)
        return cannot("no loopback port");
    sidecar->m_url = "http://127.0.0.1:" + std::to_string(port);
    sidecar->m_token = "llp-" + lifeline::os_random_hex(4);
    SidecarSpec with_token = spec;
    with_token.env[std::string(k_token_variable)] = sidecar->m_token;
    // Spawned on the watcher thread: an exec waits for the new image to load, and the agent's
    // start need not wait behind it.
    sidecar->m_watcher =
        std::thread(&ProxySidecar::watch, sidecar.get(), listen_fd, std::move(with_token));
    return sidecar;
}

void ProxySidecar::watch(int listen_fd, SidecarSpec spec) {
    int ready_read = -1;
    const pid_t pid = spawn(spec, listen_fd, ready_read);
    if (pid < 0) {
        settle(false, "cannot start failover-proxy (" + spec.binary + "): " + std::strerror(errno));
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_pid = pid;
    }
    const ReadyLines ready =
        read_ready_lines(ready_read, m_cancel_fd, Clock::now() + spec.ready_timeout);
    ::close(ready_read);
    if (ready.text.find("LIFELINE_PROXY_URL=") != std::string::npos) {
        settle(true, {});
        return;
    }
    // It closed the pipe without the line, so it has exited and its log is complete; or it is
    // still not ready, and stop() ends it.
    std::string log = read_text(spec.log_file);
    if (log.size() > 2000)
        log = log.substr(log.size() - 2000);
    settle(false,
           "failover-proxy (" + spec.binary + ") " +
               (ready.timed_out
                    ? "was not ready within " + lifeline::format_duration(spec.ready_timeout)
                    : std::string("exited before it was ready")) +
               ": " +
               (log.empty() ? std::string("no output") : lifeline::one_line_message(log, 600)));
}

void ProxySidecar::settle(bool ready, std::string failure) {
    std::lock_guard lock(m_mutex);
    m_ready = ready;
    // A proxy stopped before it was ready did not fail: it was not given the time.
    if (ready || m_stopping)
        return;
    m_failure = std::move(failure);
    signal_event(m_failure_fd);
}

pid_t ProxySidecar::pid() const {
    std::lock_guard lock(m_mutex);
    return m_pid;
}

std::optional<std::string> ProxySidecar::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

ProxySidecar::~ProxySidecar() {
    stop();
    for (int fd : {m_failure_fd, m_cancel_fd}) {
        if (fd >= 0)
            ::close(fd);
    }
}

void ProxySidecar::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    if (m_cancel_fd >= 0)
        signal_event(m_cancel_fd);
    if (m_watcher.joinable())
        m_watcher.join();
    // The watcher is gone: m_pid is this thread's alone.
    if (m_pid <= 0)
        return;
    // A proxy that never said it was ready has accepted no connection (it announces before it
    // accepts), so it has nothing to drain: it is killed rather than left to finish starting.
    bool ready = false;
    {
        std::lock_guard lock(m_mutex);
        ready = m_ready;
    }
    kill(m_pid, ready ? SIGTERM : SIGKILL);
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
