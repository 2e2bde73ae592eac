#include "unique_fd.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace lifeline::process::detail {
namespace {

Failure<Error> errno_failure(const char* what) {
    return fail(ErrorCode::io, std::string(what) + ": " + std::strerror(errno));
}

// Moves fd above 2 when it landed on a standard descriptor number (possible only when
// lifeline itself runs with stdin/stdout/stderr closed). The old number is closed only after
// the copy exists, so the copy cannot be given the same number again.
Status lift_above_stdio(UniqueFd& fd) {
    if (fd.get() > 2)
        return {};
    int moved = fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
    if (moved < 0)
        return errno_failure("fcntl(F_DUPFD_CLOEXEC)");
    fd = UniqueFd(moved);
    return {};
}

}  // namespace

void UniqueFd::reset() {
    if (m_fd >= 0) {
        // close() may report EINTR on Linux, but the descriptor is released anyway:
        // retrying could close a number another thread has just been given.
        ::close(m_fd);
        m_fd = -1;
    }
}

Status set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return errno_failure("fcntl(O_NONBLOCK)");
    return {};
}

Result<Pipe> make_pipe(bool nonblocking_read, bool nonblocking_write) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return errno_failure("pipe2");
    Pipe result{UniqueFd(fds[0]), UniqueFd(fds[1])};
    LIFELINE_TRY_VOID(lift_above_stdio(result.read_end));
    LIFELINE_TRY_VOID(lift_above_stdio(result.write_end));
    if (nonblocking_read)
        LIFELINE_TRY_VOID(set_nonblocking(result.read_end.get()));
    if (nonblocking_write)
        LIFELINE_TRY_VOID(set_nonblocking(result.write_end.get()));
    return result;
}

}  // namespace lifeline::process::detail
