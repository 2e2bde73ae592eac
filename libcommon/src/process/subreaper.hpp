#pragma once
// Internal to the process module: the small supervising process between lifeline and the child
// it runs, so that no descendant outlives a lifeline that was killed outright (SIGKILL, OOM
// killer), which has no chance to clean up.
//
// spawn_child forks it from whichever thread calls run(), with every signal blocked (they stay
// blocked here; SIGCHLD, SIGTERM and SIGINT are read from a signalfd). The fork copies that one
// thread, so everything here is raw system calls on memory prepared before the fork, no
// allocation, no locks (posix_spawn included: glibc's is a clone and exec). (Re-executing a helper
// binary would lift that limit but costs an exec per attempt and needs every program that links the
// library to know the helper's mode; a fork server started before any thread would need argv, env
// and descriptors shipped over a socket.) The subreaper
//   - moves to a process group of its own (a terminal's Ctrl-C to lifeline's group does not
//     reach it; lifeline forwards signals to the child's group as before), sets
//     PR_SET_CHILD_SUBREAPER (orphans anywhere below it are re-parented to it, even ones that
//     called setsid) and PR_SET_PDEATHSIG = SIGTERM;
//   - closes every descriptor it does not need, posix_spawns the child exactly as lifeline did
//     before (its own process group, stdio, signals reset), and reports its pid;
//   - reaps whatever it is parent of, reporting the child's wait status when it exits;
//   - watches the read end of a pipe whose write end only lifeline holds. The byte k_release
//     there means "the run is over": it exits, leaving anything still running alone (as
//     lifeline always has for processes outside the child's group). End of file without it,
//     SIGTERM (the death signal) or SIGINT means lifeline is gone: it sends SIGTERM to the
//     child's group and every descendant, waits up to the kill grace while reaping, SIGKILLs
//     what is left (again and again, for at most 2 s, so processes that fork meanwhile are
//     caught too), reaps them, and exits.

#include <array>
#include <cstdint>

#include <signal.h>
#include <spawn.h>
#include <sys/types.h>

namespace lifeline::process::detail {

// One event the subreaper reports on the report pipe (8 bytes: a pipe write that small is
// atomic, so a message is never split).
struct SubreaperReport {
    int32_t kind = 0;
    int32_t value = 0;
};
inline constexpr int32_t k_report_started = 1;       // value: the child's pid (= its group)
inline constexpr int32_t k_report_spawn_failed = 2;  // value: posix_spawn's error number
inline constexpr int32_t k_report_exited = 3;        // value: the child's wait status

// The byte lifeline writes before closing its end when it is done with the subreaper.
inline constexpr char k_release = 'r';

// Everything the subreaper needs, prepared (allocated) before the fork.
struct SubreaperPlan {
    const char* executable = nullptr;
    char* const* argv = nullptr;
    char* const* envp = nullptr;
    const posix_spawn_file_actions_t* actions = nullptr;
    const posix_spawnattr_t* attributes = nullptr;
    int watch_fd = -1;   // read end of lifeline's pipe
    int report_fd = -1;  // write end of the report pipe
    // Descriptors the file actions dup2 onto the child's stdio; -1 = unused.
    std::array<int, 3> child_stdio{-1, -1, -1};
    pid_t lifeline_pid = 0;  // the parent at fork time
    int kill_grace_ms = 5000;
};

// Runs in the forked child; never returns.
[[noreturn]] void run_subreaper(const SubreaperPlan& plan);

}  // namespace lifeline::process::detail
