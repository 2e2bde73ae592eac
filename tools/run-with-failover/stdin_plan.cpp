#include "stdin_plan.hpp"

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace run_with_failover {

using lifeline::ErrorCode;

namespace {

lifeline::Result<std::string> read_to_end(int fd) {
    std::string bytes;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t got = read(fd, buffer, sizeof buffer);
        if (got == 0)
            return bytes;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return lifeline::fail(ErrorCode::io, std::string("--replay-stdin: reading stdin: ") +
                                                     std::strerror(errno));
        }
        if (bytes.size() + static_cast<size_t>(got) > k_max_replay_bytes) {
            return lifeline::fail(ErrorCode::invalid_input,
                                  "--replay-stdin: stdin is larger than 64 MiB; redirect it from "
                                  "a file instead (< FILE), which is rewound for every attempt");
        }
        bytes.append(buffer, static_cast<size_t>(got));
    }
}

}  // namespace

lifeline::Result<StdinPlan> plan_stdin(int fd, bool replay) {
    StdinPlan plan;
    struct stat info {};
    if (fstat(fd, &info) != 0)
        return plan;  // closed stdin: the child inherits the same (nothing to read)
    if (S_ISREG(info.st_mode)) {
        const off_t start = lseek(fd, 0, SEEK_CUR);
        if (start >= 0) {
            plan.kind = StdinPlan::Kind::rewind;
            plan.start = start;
        }
        return plan;
    }
    if (replay) {
        if (isatty(fd)) {
            return lifeline::fail(ErrorCode::invalid_input,
                                  "--replay-stdin: stdin is a terminal; pipe the input in "
                                  "(... | run-with-failover --replay-stdin ...) or drop the flag");
        }
        auto bytes = read_to_end(fd);
        if (!bytes)
            return lifeline::fail(bytes.error());
        plan.kind = StdinPlan::Kind::replay;
        plan.bytes = std::move(*bytes);
        return plan;
    }
    plan.shared_pipe = S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode);
    return plan;
}

std::string prepare_stdin(const StdinPlan& plan, int fd, lifeline::process::ProcessSpec& spec) {
    switch (plan.kind) {
        case StdinPlan::Kind::replay:
            spec.inherit_stdin = false;
            spec.stdin_data = plan.bytes;
            return "";
        case StdinPlan::Kind::rewind:
            spec.inherit_stdin = true;
            if (lseek(fd, plan.start, SEEK_SET) < 0) {
                return std::string("could not rewind stdin (") + std::strerror(errno) +
                       "): this attempt reads on from where the last one stopped";
            }
            return "";
        case StdinPlan::Kind::inherit:
            spec.inherit_stdin = true;
            return "";
    }
    return "";
}

}  // namespace run_with_failover
