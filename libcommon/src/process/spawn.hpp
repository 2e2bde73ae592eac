#pragma once
// Internal to the process module: starting the child. A subreaper is forked first
// (subreaper.hpp) and it posix_spawns the child (glibc: clone(CLONE_VFORK), so exec failures
// come back as an error number, not as a child that exits 127) as leader of its own process
// group, stdio wired to pipes, every other descriptor closed, signal mask emptied, and exactly
// spec.env as its environment.

#include <string>

#include <sys/types.h>

#include <lifeline/process/runner.hpp>

#include "unique_fd.hpp"

namespace lifeline::process::detail {

// The parent's side of a started child. Pipe ends that are not in use are invalid().
struct SpawnedChild {
    pid_t pid = -1;        // also the process group id; the subreaper is its parent
    pid_t subreaper = -1;  // lifeline's child: reap it after release_subreaper()
    UniqueFd reports;      // SubreaperReport messages (non-blocking); EOF = subreaper gone
    UniqueFd lifeline;     // closing it without k_release makes the subreaper end the tree
    UniqueFd stdin_write;  // set only when spec.stdin_data is given (non-blocking)
    UniqueFd stdout_read;  // non-blocking
    UniqueFd stderr_read;  // non-blocking
};

// Checks spec and starts the child running `executable` (see find_executable).
// Errors: ErrorCode::invalid_input for an empty argv or a NUL byte / bad variable name in
// argv or env; ErrorCode::not_found when the program or working directory does not exist or
// cannot be executed; ErrorCode::io for pipe or spawn failures.
Result<SpawnedChild> spawn_child(const ProcessSpec& spec, const std::string& executable);

// Tells the subreaper the run is over (it exits, leaving any process still running alone),
// closes `lifeline` and reaps the subreaper. Idempotent.
void release_subreaper(pid_t& subreaper, UniqueFd& lifeline);

// Validates argv and env without starting anything (same errors as spawn_child's
// invalid_input cases).
Status validate_spec(const ProcessSpec& spec);

}  // namespace lifeline::process::detail
