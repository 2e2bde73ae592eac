#pragma once
// --ready-fd N: the ready announcement (the ready file's lines) written to a descriptor the
// proxy inherited, typically the write end of a pipe its supervisor reads. The supervisor
// learns the proxy is listening the moment it is, without polling for a file, and the token
// never touches the disk. The descriptor is closed after the write, so a supervisor reading to
// end-of-file also sees a proxy that exits before it is ready.

#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace failover_proxy {

// Writes the ready file: `text` to a 0600 temporary sibling renamed over `path` (a reader sees
// the whole file or none), creating missing parent directories. Not synced to disk: the file
// is a handshake with a running process, worthless after a crash, and an fsync on a busy CI
// disk costs more than the rest of the start-up. Errors: io with the path.
lifeline::Status write_ready_file(const std::string& path, std::string_view text);

// Checks that `fd` is open and marks it close-on-exec, so no process the proxy starts (an auth
// command) holds the supervisor's pipe open. Errors: invalid_input naming the flag.
lifeline::Status claim_ready_fd(int fd);

// Writes `text` to `fd` in full and closes it. Errors: io (the descriptor is closed anyway).
// A reader that has gone away (EPIPE) is an error, not a SIGPIPE.
lifeline::Status announce_on_fd(int fd, std::string_view text);

}  // namespace failover_proxy
