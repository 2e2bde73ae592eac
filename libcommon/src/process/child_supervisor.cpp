#include "child_supervisor.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <ctime>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/util/sigpipe_guard.hpp>

#include "process_group.hpp"
#include "signal_forwarding.hpp"
#include "subreaper.hpp"

namespace lifeline::process::detail {
namespace {

constexpr size_t k_chunk_size = 64 * 1024;
// A process group has no descriptor to poll, so once the leader is gone we look this often.
constexpr Duration k_group_check_interval{10};
// After SIGKILL, processes stuck in uninterruptible sleep may linger; do not wait forever.
constexpr Duration k_give_up_after_kill{2'000};
// Upper bound on the final drain, against a writer outside the group that never stops.
constexpr int k_max_drain_reads = 1024;

// Writes to the child's stdin; a closed pipe is EPIPE, never a SIGPIPE that kills lifeline.
ssize_t write_without_sigpipe(int fd, const char* data, size_t size) {
    SigpipeGuard guard;
    return ::write(fd, data, size);
}

}  // namespace

ChildSupervisor::ChildSupervisor(const ProcessSpec& spec, SpawnedChild child, int wake_read,
                                 Clock::time_point started)
    : m_spec(spec),
      m_pid(child.pid),
      m_stdin(std::move(child.stdin_write)),
      m_wake_read(wake_read),
      m_subreaper(child.subreaper),
      m_reports(std::move(child.reports)),
      m_lifeline(std::move(child.lifeline)),
      m_started(started),
      m_last_output(Clock::now()) {
    m_stdout.fd = std::move(child.stdout_read);
    m_stderr.fd = std::move(child.stderr_read);
    if (spec.on_stdout)
        m_stdout.callback = &spec.on_stdout;
    else
        m_stdout.capture = &m_result.captured_stdout;
    if (spec.on_stderr)
        m_stderr.callback = &spec.on_stderr;
    else
        m_stderr.capture = &m_result.captured_stderr;
    if (m_stdin.valid() && spec.stdin_data && spec.stdin_data->empty())
        m_stdin.reset();  // nothing to write: the child sees EOF at once
}

ChildSupervisor::~ChildSupervisor() {
    // wait() was left by an exception: the group may still have members even when the
    // leader has exited (its id stays reserved while they live, so this cannot hit others).
    if (!m_finished) {
        signal_group(SIGKILL);
        // As before the subreaper existed, the child is gone (reaped) when this returns.
        while (!m_reaped) {
            pollfd report{m_reports.get(), POLLIN, 0};
            if (::poll(&report, 1, -1) > 0 || errno != EINTR)
                read_reports();
        }
    }
    release_subreaper(m_subreaper, m_lifeline);
}

ProcessResult ChildSupervisor::wait() {
    while (true) {
        Clock::time_point now = Clock::now();
        check_deadlines(now);
        if (m_reaped) {
            if (!group_has_live_members(m_pid)) {
                drain_outputs();
                break;
            }
            // The child is gone but left processes in its group: they go too (no orphans),
            // with the same SIGTERM-then-SIGKILL courtesy.
            if (!m_terminating) {
                m_result.orphans_killed = true;
                begin_termination(now, true);
            }
            if (m_killed && now >= m_killed_at + k_give_up_after_kill) {
                drain_outputs();
                break;
            }
        }
        poll_once(now);
    }
    // A signal whose announcement raced with the child's exit is still reported.
    read_wake_pipe(Clock::now());
    release_subreaper(m_subreaper, m_lifeline);
    m_finished = true;
    return std::move(m_result);
}

void ChildSupervisor::check_deadlines(Clock::time_point now) {
    if (!m_terminating) {
        if (m_spec.timeout.count() > 0 && now >= m_started + m_spec.timeout) {
            m_result.timed_out = true;
            begin_termination(now, true);
        } else if (m_spec.idle_timeout.count() > 0 && now >= m_last_output + m_spec.idle_timeout) {
            m_result.idle_timed_out = true;
            begin_termination(now, true);
        } else if (m_stop_fd_readable || (m_spec.stop_requested && m_spec.stop_requested())) {
            m_result.stopped = true;
            begin_termination(now, true);
        }
    }
    if (m_terminating && !m_killed && now >= m_kill_at) {
        signal_group(SIGKILL);
        m_killed = true;
        m_killed_at = now;
    }
}

void ChildSupervisor::begin_termination(Clock::time_point now, bool send_sigterm) {
    m_terminating = true;
    m_kill_at = now + m_spec.kill_grace;
    if (send_sigterm)
        signal_group(SIGTERM);
}

void ChildSupervisor::signal_group(int signal_number) const {
    ::kill(-m_pid, signal_number);
}

int ChildSupervisor::poll_timeout_ms(Clock::time_point now) const {
    std::optional<Clock::time_point> next;
    auto consider = [&next](Clock::time_point when) {
        if (!next || when < *next)
            next = when;
    };
    if (!m_terminating) {
        if (m_spec.timeout.count() > 0)
            consider(m_started + m_spec.timeout);
        if (m_spec.idle_timeout.count() > 0)
            consider(m_last_output + m_spec.idle_timeout);
    } else if (!m_killed) {
        consider(m_kill_at);
    } else {
        consider(m_killed_at + k_give_up_after_kill);
    }
    if (m_reaped)
        consider(now + k_group_check_interval);
    if (!next)
        return -1;
    // Rounded up: rounding down would wake a fraction of a millisecond early, again and again.
    auto wait = std::chrono::ceil<Duration>(*next - now);
    return static_cast<int>(std::clamp<Duration::rep>(wait.count(), 0, 60'000));
}

void ChildSupervisor::poll_once(Clock::time_point now) {
    enum Slot { out, err, in, wake, pid, stop, count };
    std::array<pollfd, count> fds{};
    fds[out] = {m_stdout.fd.get(), POLLIN, 0};
    fds[err] = {m_stderr.fd.get(), POLLIN, 0};
    fds[in] = {m_stdin.get(), POLLOUT, 0};
    fds[wake] = {m_wake_read, POLLIN, 0};
    // Negative descriptors are ignored by poll(): closed streams simply drop out.
    fds[pid] = {m_reaped ? -1 : m_reports.get(), POLLIN, 0};
    // Watched until it fires: it stays readable, and the group is being ended from then on.
    fds[stop] = {m_terminating || m_stop_fd_readable ? -1 : m_spec.stop_fd, POLLIN, 0};
    int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms(now));
    if (ready <= 0)
        return;  // timeout, or EINTR from a signal handler: the loop re-checks everything
    const short readable = POLLIN | POLLHUP | POLLERR;
    if (fds[out].revents & readable)
        read_output(m_stdout);
    if (fds[err].revents & readable)
        read_output(m_stderr);
    if (fds[in].revents & (POLLOUT | POLLHUP | POLLERR))
        write_stdin();
    if (fds[wake].revents & POLLIN)
        read_wake_pipe(Clock::now());
    if (fds[pid].revents & readable)
        read_reports();
    if (fds[stop].revents & readable)
        m_stop_fd_readable = true;
}

bool ChildSupervisor::read_output(Output& output) {
    std::array<char, k_chunk_size> buffer;
    ssize_t got = ::read(output.fd.get(), buffer.data(), buffer.size());
    if (got > 0) {
        m_last_output = Clock::now();
        std::string_view chunk(buffer.data(), static_cast<size_t>(got));
        if (output.callback)
            (*output.callback)(chunk);
        else
            output.capture->append(chunk);
        return true;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
        return false;
    output.fd.reset();  // EOF, or an error that will not go away
    return false;
}

void ChildSupervisor::drain_outputs() {
    for (Output* output : {&m_stdout, &m_stderr}) {
        for (int i = 0; i < k_max_drain_reads && output->fd.valid(); ++i) {
            if (!read_output(*output))
                break;
        }
    }
}

void ChildSupervisor::write_stdin() {
    const std::string& data = *m_spec.stdin_data;
    size_t size = std::min(k_chunk_size, data.size() - m_stdin_written);
    ssize_t written = write_without_sigpipe(m_stdin.get(), data.data() + m_stdin_written, size);
    if (written > 0)
        m_stdin_written += static_cast<size_t>(written);
    else if (written < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    else
        m_stdin.reset();  // the child closed its stdin (EPIPE): the rest is not wanted
    if (m_stdin_written == data.size())
        m_stdin.reset();  // EOF tells the child the input is complete
}

void ChildSupervisor::read_wake_pipe(Clock::time_point now) {
    std::array<unsigned char, 64> bytes;
    ssize_t got = 0;
    while ((got = ::read(m_wake_read, bytes.data(), bytes.size())) > 0) {
        for (ssize_t i = 0; i < got; ++i) {
            int signal_number = bytes[static_cast<size_t>(i)] & 0x7f;
            if (!m_result.forwarded_signal)
                m_result.forwarded_signal = signal_number;
            // The handler could not reach the group (it was registered a moment later).
            if (!(bytes[static_cast<size_t>(i)] & k_already_forwarded))
                signal_group(signal_number);
        }
        if (!m_terminating)
            begin_termination(now, false);
    }
}

void ChildSupervisor::read_reports() {
    SubreaperReport report;
    const ssize_t got = ::read(m_reports.get(), &report, sizeof report);
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (got == static_cast<ssize_t>(sizeof report)) {
        if (report.kind == k_report_exited)
            record_exit(report.value);
        return;
    }
    // The subreaper is gone (killed from outside) without reporting the child's end. The
    // group is then ended like a group the child left behind.
    m_reports.reset();
    m_reaped = true;
    m_result.exit_code = k_exit_status_lost;
}

void ChildSupervisor::record_exit(int status) {
    m_reaped = true;
    if (WIFEXITED(status)) {
        m_result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        m_result.term_signal = WTERMSIG(status);
        m_result.exit_code = 128 + WTERMSIG(status);
    }
}

}  // namespace lifeline::process::detail
