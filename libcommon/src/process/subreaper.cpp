#include "subreaper.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <ctime>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process_tree.hpp"

namespace lifeline::process::detail {
namespace {

// Static rather than on the stack (which may be a small thread stack): the subreaper is a
// private copy of the address space, and these pages are never touched in lifeline itself.
constexpr size_t k_max_processes = 65536;
ProcessLink g_links[k_max_processes];
pid_t g_descendants[k_max_processes];

// After the grace, SIGKILL sweeps repeat this long, for processes stuck in the kernel or forked
// between two sweeps.
constexpr long k_kill_sweeps_ms = 2000;

struct Subreaper {
    pid_t child = -1;
    bool child_reaped = false;
    int report_fd = -1;
    int signal_fd = -1;
};

long now_ms() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1'000'000L;
}

void report(int fd, int32_t kind, int32_t value) {
    const SubreaperReport message{kind, value};
    // SIGPIPE is blocked here: with lifeline gone this fails with EPIPE and nothing happens.
    while (::write(fd, &message, sizeof message) < 0 && errno == EINTR) {
    }
}

void close_range_or_loop(unsigned first, unsigned last) {
    if (first > last)
        return;
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, first, last, 0) == 0)
        return;
#endif
    // Kernels before 5.9: close one by one, up to the descriptor limit.
    rlimit limit{};
    unsigned ceiling = 1u << 20;
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < ceiling)
        ceiling = static_cast<unsigned>(limit.rlim_cur);
    for (unsigned fd = first; fd <= last && fd < ceiling; ++fd)
        ::close(static_cast<int>(fd));
}

// Everything from 3 up except `keep` (the descriptors lifeline's other threads had open at the
// fork, other runs' pipes among them, must not stay open here for the child's lifetime).
void close_all_except(std::array<int, 5> keep) {
    std::sort(keep.begin(), keep.end());
    unsigned next = 3;
    for (int fd : keep) {
        if (fd < static_cast<int>(next))
            continue;
        close_range_or_loop(next, static_cast<unsigned>(fd) - 1);
        next = static_cast<unsigned>(fd) + 1;
    }
    close_range_or_loop(next, UINT_MAX);
}

// Reaps every child that has exited; true when none is left at all.
bool reap(Subreaper& self) {
    while (true) {
        int status = 0;
        const pid_t done = ::waitpid(-1, &status, WNOHANG);
        if (done > 0) {
            if (done == self.child) {
                self.child_reaped = true;
                report(self.report_fd, k_report_exited, status);
            }
            continue;
        }
        if (done < 0 && errno == EINTR)
            continue;
        return done < 0 && errno == ECHILD;
    }
}

// The child's group (while its leader is unreaped, its id cannot be reused) and every process
// below this one: with the subreaper flag set, that is everything the child ever started,
// wherever it moved (setsid, double fork).
void signal_everything(const Subreaper& self, int signal_number) {
    if (!self.child_reaped)
        ::kill(-self.child, signal_number);
    const size_t links = read_process_links(g_links, k_max_processes);
    const size_t found =
        find_descendants(::getpid(), g_links, links, g_descendants, k_max_processes);
    for (size_t i = 0; i < found; ++i)
        ::kill(g_descendants[i], signal_number);
}

// Sleeps until a signal arrives on the signalfd or `timeout_ms` passes; consumes the signals.
// True when SIGTERM or SIGINT was among them.
bool wait_for_signals(const Subreaper& self, int timeout_ms) {
    pollfd wanted{self.signal_fd, POLLIN, 0};
    ::poll(&wanted, 1, timeout_ms);
    bool stop = false;
    signalfd_siginfo info{};
    while (::read(self.signal_fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT)
            stop = true;
    }
    return stop;
}

[[noreturn]] void end_everything(Subreaper& self, int kill_grace_ms) {
    signal_everything(self, SIGTERM);
    const long grace_ends = now_ms() + kill_grace_ms;
    for (long now = now_ms(); now < grace_ends; now = now_ms()) {
        if (reap(self))
            ::_exit(0);
        wait_for_signals(self, static_cast<int>(std::min(50L, grace_ends - now)));
    }
    const long sweeps_end = now_ms() + k_kill_sweeps_ms;
    do {
        signal_everything(self, SIGKILL);
        if (reap(self))
            ::_exit(0);
        wait_for_signals(self, 10);
    } while (now_ms() < sweeps_end);
    ::_exit(0);
}

void redirect_stdio_to_null() {
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0)
        return;
    for (int fd = 0; fd <= 2; ++fd) {
        if (fd != null_fd)
            ::dup2(null_fd, fd);
    }
    if (null_fd > 2)
        ::close(null_fd);
}

}  // namespace

void run_subreaper(const SubreaperPlan& plan) {
    sigset_t watched;
    sigemptyset(&watched);
    for (int signal_number : {SIGCHLD, SIGTERM, SIGINT})
        sigaddset(&watched, signal_number);
    // Every signal arrives blocked (spawn_child forks with all blocked) and stays so: lifeline's
    // handlers must never run here, SIGHUP belongs to lifeline (which forwards it), SIGPIPE
    // must not end this process. The watched ones are read from the signalfd.
    sigset_t blocked;
    sigfillset(&blocked);
    ::sigprocmask(SIG_SETMASK, &blocked, nullptr);
    // PR_SET_DUMPABLE 0: /proc/<pid>/environ and mem of this copy of lifeline (which holds the
    // provider keys the agent is not given in proxy mode) are readable by root only.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    // A host that ignores SIGCHLD would have the kernel reap the child before we could.
    struct sigaction child_default {};
    child_default.sa_handler = SIG_DFL;
    ::sigaction(SIGCHLD, &child_default, nullptr);

    ::setpgid(0, 0);
    // Its own name in ps and for pkill (the argv it shares with lifeline stays).
    ::prctl(PR_SET_NAME, "lifeline-reaper", 0, 0, 0);
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    close_all_except({plan.watch_fd, plan.report_fd, plan.child_stdio[0], plan.child_stdio[1],
                      plan.child_stdio[2]});

    Subreaper self;
    self.report_fd = plan.report_fd;
    self.signal_fd = ::signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
    pid_t child = -1;
    const int error =
        ::posix_spawn(&child, plan.executable, plan.actions, plan.attributes, plan.argv, plan.envp);
    if (error != 0) {
        report(plan.report_fd, k_report_spawn_failed, error);
        ::_exit(127);
    }
    self.child = child;
    report(plan.report_fd, k_report_started, child);
    // The child has its copies; ours would hold its output pipes open (no EOF for lifeline)
    // and lifeline's own stdio open after it is gone.
    for (int fd : plan.child_stdio) {
        if (fd > 2)
            ::close(fd);
    }
    redirect_stdio_to_null();
    if (self.signal_fd < 0 || ::getppid() != plan.lifeline_pid)
        end_everything(self, plan.kill_grace_ms);  // no way to watch, or lifeline already gone

    while (true) {
        pollfd fds[2] = {{plan.watch_fd, POLLIN, 0}, {self.signal_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR)
            end_everything(self, plan.kill_grace_ms);
        if (fds[1].revents != 0 && wait_for_signals(self, 0))
            end_everything(self, plan.kill_grace_ms);
        reap(self);
        if (fds[0].revents == 0)
            continue;
        char byte = 0;
        const ssize_t got = ::read(plan.watch_fd, &byte, 1);
        if (got == 1 && byte == k_release) {
            reap(self);
            ::_exit(0);
        }
        if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
            end_everything(self, plan.kill_grace_ms);
    }
}

}  // namespace lifeline::process::detail
