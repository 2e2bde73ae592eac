#include "proxy_sidecar.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <lifeline/app/proxy_token.hpp>
#include <lifeline/util/strings.hpp>

namespace run_with_failover {

using lifeline::ErrorCode;
using Clock = std::chrono::steady_clock;

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
    sidecar->m_token = lifeline::app::new_proxy_token();
    SidecarSpec with_token = spec;
    with_token.env[std::string(k_proxy_token_variable)] = sidecar->m_token;
    // Spawned on the watcher thread: an exec waits for the new image to load, and the agent's
    // start need not wait behind it.
    sidecar->m_watcher =
        std::thread(&ProxySidecar::watch, sidecar.get(), listen_fd, std::move(with_token));
    return sidecar;
}

void ProxySidecar::watch(int listen_fd, SidecarSpec spec) {
    int ready_read = -1;
    const pid_t pid = spawn_proxy(spec, listen_fd, ready_read);
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

}  // namespace run_with_failover
