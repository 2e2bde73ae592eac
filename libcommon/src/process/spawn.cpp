#include "spawn.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "subreaper.hpp"

namespace lifeline::process::detail {
namespace {

bool has_nul(const std::string& text) {
    return text.find('\0') != std::string::npos;
}

// posix_spawn's attribute and file-action objects, destroyed on every path out.
struct SpawnSetup {
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t actions;
    bool attr_ready = false;
    bool actions_ready = false;
    ~SpawnSetup() {
        if (attr_ready)
            posix_spawnattr_destroy(&attr);
        if (actions_ready)
            posix_spawn_file_actions_destroy(&actions);
    }
};

Failure<Error> spawn_failure(int error, const std::string& what) {
    return fail(ErrorCode::io, what + ": " + std::strerror(error));
}

// Everything exec can say about the program itself is "cannot run that": not_found.
bool is_program_error(int error) {
    switch (error) {
        case ENOENT:
        case EACCES:
        case EPERM:
        case ENOEXEC:
        case ENOTDIR:
        case EISDIR:
        case ELOOP:
        case ENAMETOOLONG:
        case ETXTBSY:
            return true;
        default:
            return false;
    }
}

// The subreaper's first report: started, or why posix_spawn failed. False when it ended
// without one.
bool read_first_report(int fd, SubreaperReport& first) {
    size_t got = 0;
    auto* bytes = reinterpret_cast<char*>(&first);
    while (got < sizeof first) {
        const ssize_t n = ::read(fd, bytes + got, sizeof first - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += static_cast<size_t>(n);
    }
    return true;
}

void reap(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

// Waits for the subreaper's first report: the child's pid, or why it could not be started
// (the subreaper is then reaped). Same errors as spawn_child.
Result<pid_t> await_start(pid_t subreaper, int reports, const std::string& program) {
    SubreaperReport first;
    if (!read_first_report(reports, first) || first.kind == k_report_exited) {
        reap(subreaper);
        return fail(ErrorCode::io, "cannot start " + program + ": its supervisor failed");
    }
    if (first.kind == k_report_spawn_failed) {
        reap(subreaper);
        if (is_program_error(first.value))
            return fail(ErrorCode::not_found,
                        "cannot execute " + program + ": " + std::strerror(first.value));
        return spawn_failure(first.value, "cannot start " + program);
    }
    // Read only after poll() says so; non-blocking is a belt on top of that.
    static_cast<void>(set_nonblocking(reports));
    return first.value;
}

}  // namespace

void release_subreaper(pid_t& subreaper, UniqueFd& lifeline) {
    if (lifeline.valid()) {
        const char release = k_release;
        while (::write(lifeline.get(), &release, 1) < 0 && errno == EINTR) {
        }
        lifeline.reset();
    }
    if (subreaper > 0)
        reap(subreaper);  // ECHILD when the host ignores SIGCHLD: nothing to reap then
    subreaper = -1;
}

Status validate_spec(const ProcessSpec& spec) {
    if (spec.argv.empty())
        return fail(ErrorCode::invalid_input, "empty argv: nothing to run");
    for (const std::string& arg : spec.argv) {
        if (has_nul(arg))
            return fail(ErrorCode::invalid_input, "argument contains a NUL byte");
    }
    for (const auto& [name, value] : spec.env) {
        if (name.empty() || name.find('=') != std::string::npos || has_nul(name))
            return fail(ErrorCode::invalid_input,
                        "invalid environment variable name \"" + name + "\"");
        // The value is never echoed: it may be a secret.
        if (has_nul(value))
            return fail(ErrorCode::invalid_input,
                        "environment variable " + name + " contains a NUL byte");
    }
    if (spec.working_directory && has_nul(*spec.working_directory))
        return fail(ErrorCode::invalid_input, "working directory contains a NUL byte");
    return {};
}

Result<SpawnedChild> spawn_child(const ProcessSpec& spec, const std::string& executable) {
    LIFELINE_TRY_VOID(validate_spec(spec));
    // Checked here because posix_spawn reports a failed chdir as the same ENOENT as a
    // missing program.
    if (spec.working_directory) {
        struct stat info {};
        if (::stat(spec.working_directory->c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
            return fail(ErrorCode::not_found,
                        "working directory does not exist: " + *spec.working_directory);
    }

    // Everything the child needs is built before spawning: the child may not allocate.
    std::vector<char*> argv;
    for (const std::string& arg : spec.argv)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    env_strings.reserve(spec.env.size());
    for (const auto& [name, value] : spec.env)
        env_strings.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (std::string& entry : env_strings)
        envp.push_back(entry.data());
    envp.push_back(nullptr);

    Pipe out = LIFELINE_TRY(make_pipe(/*nonblocking_read=*/true, /*nonblocking_write=*/false));
    Pipe err = LIFELINE_TRY(make_pipe(true, false));
    Pipe in;
    UniqueFd dev_null;
    if (spec.stdin_data) {
        in = LIFELINE_TRY(make_pipe(false, true));
    } else if (!spec.inherit_stdin) {
        dev_null = UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!dev_null.valid())
            return spawn_failure(errno, "open /dev/null");
    }

    SpawnSetup setup;
    if (int rc = posix_spawnattr_init(&setup.attr); rc != 0)
        return spawn_failure(rc, "posix_spawnattr_init");
    setup.attr_ready = true;
    if (int rc = posix_spawn_file_actions_init(&setup.actions); rc != 0)
        return spawn_failure(rc, "posix_spawn_file_actions_init");
    setup.actions_ready = true;

    // Own process group (pgid = child's pid) so timeouts and forwarded signals reach every
    // descendant and a terminal's Ctrl-C reaches only lifeline, which then forwards it.
    short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    posix_spawnattr_setflags(&setup.attr, flags);
    posix_spawnattr_setpgroup(&setup.attr, 0);
    sigset_t empty_mask;
    sigemptyset(&empty_mask);
    posix_spawnattr_setsigmask(&setup.attr, &empty_mask);
    // lifeline may ignore SIGPIPE for its own writes; the child must get the usual default
    // (as Python's subprocess restores it). glibc resets caught signals itself.
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGXFSZ);
    posix_spawnattr_setsigdefault(&setup.attr, &defaults);

    int stdin_source = spec.stdin_data ? in.read_end.get() : dev_null.get();
    if (stdin_source >= 0)
        posix_spawn_file_actions_adddup2(&setup.actions, stdin_source, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, out.write_end.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, err.write_end.get(), STDERR_FILENO);
    if (spec.working_directory)
        posix_spawn_file_actions_addchdir_np(&setup.actions, spec.working_directory->c_str());
    // Our own descriptors are all O_CLOEXEC; this also catches ones other code (or a library)
    // opened without it.
    posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);

    Pipe watch = LIFELINE_TRY(make_pipe(false, false));
    Pipe reports = LIFELINE_TRY(make_pipe(false, false));
    SubreaperPlan plan;
    plan.executable = executable.c_str();
    plan.argv = argv.data();
    plan.envp = envp.data();
    plan.actions = &setup.actions;
    plan.attributes = &setup.attr;
    plan.watch_fd = watch.read_end.get();
    plan.report_fd = reports.write_end.get();
    plan.child_stdio = {stdin_source, out.write_end.get(), err.write_end.get()};
    plan.lifeline_pid = ::getpid();
    plan.kill_grace_ms =
        static_cast<int>(std::clamp<Duration::rep>(spec.kill_grace.count(), 0, INT_MAX));
    // Every signal is blocked across the fork: until the subreaper has its own process group
    // and signalfd, a signal must not run lifeline's handlers in it (they write to lifeline's
    // wake pipe and signal the agents' groups). The subreaper keeps them blocked; the agent
    // gets an empty mask and default dispositions from `setup.attr`.
    sigset_t all_signals;
    sigset_t previous_mask;
    sigfillset(&all_signals);
    ::pthread_sigmask(SIG_SETMASK, &all_signals, &previous_mask);
    const pid_t subreaper = ::fork();
    if (subreaper == 0)
        run_subreaper(plan);
    const int fork_error = errno;
    if (subreaper > 0)
        ::setpgid(subreaper, subreaper);  // also done in the child: whichever runs first
    ::pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    if (subreaper < 0)
        return spawn_failure(fork_error, "cannot start " + spec.argv[0] + ": fork");
    watch.read_end.reset();
    reports.write_end.reset();
    const pid_t pid = LIFELINE_TRY(await_start(subreaper, reports.read_end.get(), spec.argv[0]));

    SpawnedChild child;
    child.pid = pid;
    child.subreaper = subreaper;
    child.reports = std::move(reports.read_end);
    child.lifeline = std::move(watch.write_end);
    child.stdout_read = std::move(out.read_end);
    child.stderr_read = std::move(err.read_end);
    if (spec.stdin_data)
        child.stdin_write = std::move(in.write_end);
    // The child's ends close here (when `out`, `err`, `in` go out of scope), so EOF on our
    // read ends means every writer in the child's tree is gone.
    return child;
}

}  // namespace lifeline::process::detail
