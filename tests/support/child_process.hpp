#pragma once
// Starting and reaping a real binary for tests (POSIX fork/exec): output to files, stdin from
// /dev/null, and a wait that never outlasts its bound.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace lifeline::testing {

struct ChildSpec {
    std::vector<std::string> argv;  // argv[0] is the binary's path
    std::string cwd;                // "" = the test's own
    // Exactly these variables; nullopt = the test's environment.
    std::optional<std::map<std::string, std::string>> env;
    std::string stdout_path;  // truncated, 0600
    // When >= 0, the child's stdout is this descriptor (a pipe's write end) instead of
    // stdout_path; the caller closes its own copy after spawn_child.
    int stdout_fd = -1;
    std::string stderr_path;  // truncated, 0600
};

// Starts the child; -1 when fork fails. A child that cannot set itself up exits 126, one whose
// exec fails 127.
pid_t spawn_child(const ChildSpec& spec);

// Waits for `pid` at most `limit`, SIGKILLing it past that. The exit code, 128 + signal when a
// signal ended it, -1 when it had to be killed for overstaying.
int wait_child(pid_t pid, std::chrono::milliseconds limit);

}  // namespace lifeline::testing
