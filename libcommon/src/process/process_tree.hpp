#pragma once
// Internal to the process module: who descends from whom, read from /proc without allocating,
// for the subreaper (subreaper.hpp), which runs in a child forked from a process that may have
// other threads and so may call only async-signal-safe functions.

#include <cstddef>

#include <sys/types.h>

namespace lifeline::process::detail {

// One process and its parent, as /proc/<pid>/stat gives them.
struct ProcessLink {
    pid_t pid = 0;
    pid_t parent = 0;
};

// Fills `links` with every process /proc lists, up to `capacity`; returns how many were
// written. Processes that exit while the directory is read are skipped; 0 when /proc cannot be
// read. Uses only open/getdents64/read/close on caller-provided memory (async-signal-safe).
size_t read_process_links(ProcessLink* links, size_t capacity);

// Writes into `out` (up to `capacity`) every pid in `links` whose chain of parents reaches
// `root`, `root` itself excluded; returns how many were written. Pure: no system call.
size_t find_descendants(pid_t root, const ProcessLink* links, size_t link_count, pid_t* out,
                        size_t capacity);

// The parent pid in the text of a /proc/<pid>/stat file ("pid (comm) state ppid ..."; comm
// may hold spaces and parentheses); -1 when the text is not in that shape.
pid_t parse_parent_pid(const char* stat_text, size_t length);

}  // namespace lifeline::process::detail
