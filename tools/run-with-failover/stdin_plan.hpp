#pragma once
// What each attempt's stdin is. A retry must not silently get less input than the first
// attempt did, and run-with-failover must not read input nobody asked it to:
// - a regular file (`< prompt.txt`) is rewound to where attempt 1 started, before every
//   attempt;
// - with --replay-stdin, piped input is read to EOF before attempt 1 (at most
//   k_max_replay_bytes) and written to every attempt;
// - otherwise (a terminal, a pipe, /dev/null) stdin is inherited as it is. Piped stdin is not
//   read by default: under GitLab's Docker executor it carries the rest of the job script.

#include <cstddef>
#include <string>

#include <sys/types.h>

#include <lifeline/process/runner.hpp>
#include <lifeline/util/result.hpp>

namespace run_with_failover {

inline constexpr size_t k_max_replay_bytes = 64 * 1024 * 1024;

struct StdinPlan {
    enum class Kind { inherit, rewind, replay };
    Kind kind = Kind::inherit;
    bool shared_pipe = false;  // inherit: a pipe or socket, so later attempts may get less
    off_t start = 0;           // rewind: the offset attempt 1 starts reading at
    std::string bytes;         // replay: the whole input
};

// Looks at `fd` (the process's stdin) and, for --replay-stdin (`replay`) on a pipe, reads it to
// EOF. Errors (exit 2): --replay-stdin on a terminal, input over k_max_replay_bytes, a read
// error.
lifeline::Result<StdinPlan> plan_stdin(int fd, bool replay);

// Points `spec`'s stdin at the plan for one attempt, rewinding `fd` when the plan says so.
// Returns a one-line warning when the file cannot be rewound (the attempt then reads on from
// where the last one stopped), else an empty string.
std::string prepare_stdin(const StdinPlan& plan, int fd, lifeline::process::ProcessSpec& spec);

}  // namespace run_with_failover
