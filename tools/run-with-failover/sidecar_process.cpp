#include "sidecar_process.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace run_with_failover {

namespace {

using Clock = std::chrono::steady_clock;

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

// `fd`, moved above the standard descriptors (which the child replaces); -1 on failure.
int above_stderr(int fd) {
    if (fd < 0 || fd > STDERR_FILENO)
        return fd;
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    ::close(fd);
    return moved;
}

// The proxy's argument list: the binary, the spec's arguments, then the socket, the ready pipe
// and the token variable.
std::vector<std::string> proxy_arguments(const SidecarSpec& spec, int listen_fd, int ready_fd) {
    std::vector<std::string> argv_text = {spec.binary};
    argv_text.insert(argv_text.end(), spec.args.begin(), spec.args.end());
    argv_text.insert(argv_text.end(), {"--listen-fd", std::to_string(listen_fd), "--ready-fd",
                                       std::to_string(ready_fd), "--auth-token-env",
                                       std::string(k_proxy_token_variable)});
    return argv_text;
}

// "NAME=value" for each variable of `env`, in its order.
std::vector<std::string> environment_entries(const EnvMap& env) {
    std::vector<std::string> env_text;
    for (const auto& [name, value] : env)
        env_text.push_back(name + "=" + value);
    return env_text;
}

// Pointers into `texts` ended by a null, as exec wants them; valid while `texts` is unchanged.
std::vector<char*> null_terminated(std::vector<std::string>& texts) {
    std::vector<char*> pointers;
    for (auto& text : texts)
        pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

// The descriptors the proxy starts with; -1 for one that could not be opened.
struct ProxyDescriptors {
    int null_in;    // its stdin
    int log;        // its stdout and stderr
    int ready_fd;   // the write end of the ready pipe
    int listen_fd;  // the socket it serves
};

void add_file_actions(posix_spawn_file_actions_t& actions, const ProxyDescriptors& fds) {
    if (fds.null_in >= 0)
        posix_spawn_file_actions_adddup2(&actions, fds.null_in, STDIN_FILENO);
    if (fds.log >= 0) {
        posix_spawn_file_actions_adddup2(&actions, fds.log, STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, fds.log, STDERR_FILENO);
    }
    // A descriptor duplicated onto itself loses close-on-exec (glibc 2.29+): these two are the
    // only ones the proxy inherits besides the standard streams.
    posix_spawn_file_actions_adddup2(&actions, fds.ready_fd, fds.ready_fd);
    posix_spawn_file_actions_adddup2(&actions, fds.listen_fd, fds.listen_fd);
}

void set_spawn_attributes(posix_spawnattr_t& attributes) {
    // A process group of its own; SIGPIPE back to the default (run-with-failover ignores it,
    // stdout_sink.hpp, and an ignored signal stays ignored across exec).
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
}

// posix_spawn of `binary` with `fds` in place; `pid` gets the child. 0, or the errno of the
// spawn, or errno as it stands when the ready pipe or the socket is missing.
int spawn_with(const std::string& binary, const ProxyDescriptors& fds, char* const argv[],
               char* const envp[], pid_t& pid) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    add_file_actions(actions, fds);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    set_spawn_attributes(attributes);
    int error = fds.ready_fd >= 0 && fds.listen_fd >= 0 ? 0 : errno;
    if (error == 0)
        error = ::posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return error;
}

}  // namespace

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

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

pid_t spawn_proxy(const SidecarSpec& spec, int listen_fd, int& ready_read) {
    int ready[2] = {-1, -1};
    if (::pipe2(ready, O_CLOEXEC) != 0) {
        const int saved_errno = errno;
        ::close(listen_fd);
        errno = saved_errno;
        return -1;
    }
    ready[1] = above_stderr(ready[1]);
    listen_fd = above_stderr(listen_fd);
    std::vector<std::string> argv_text = proxy_arguments(spec, listen_fd, ready[1]);
    std::vector<std::string> env_text = environment_entries(spec.env);
    std::vector<char*> argv = null_terminated(argv_text);
    std::vector<char*> envp = null_terminated(env_text);
    const int log = ::open(spec.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

    pid_t pid = -1;
    const int error =
        spawn_with(spec.binary, {null_in, log, ready[1], listen_fd}, argv.data(), envp.data(), pid);
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

}  // namespace run_with_failover
