#include "ready_channel.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <lifeline/util/sigpipe_guard.hpp>

namespace failover_proxy {

namespace {

// Writes all of `text`; false with errno set when a write fails.
bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return false;
        text.remove_prefix(static_cast<size_t>(written));
    }
    return true;
}

lifeline::Status ready_file_error(const std::string& what, const std::string& path, int error) {
    return lifeline::fail(lifeline::ErrorCode::io, "--ready-file: cannot " + what + " " + path +
                                                       ": " + std::strerror(error));
}

}  // namespace

lifeline::Status write_ready_file(const std::string& path, std::string_view text) {
    std::error_code ignored;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty())
        std::filesystem::create_directories(parent, ignored);
    std::string temporary = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(temporary.data());  // 0600
    if (fd < 0)
        return ready_file_error("create a temporary file for", path, errno);
    const bool written = write_all(fd, text);
    const int write_error = errno;
    ::close(fd);
    if (!written) {
        ::unlink(temporary.c_str());
        return ready_file_error("write", path, write_error);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int rename_error = errno;
        ::unlink(temporary.c_str());
        return ready_file_error("rename into place", path, rename_error);
    }
    return {};
}

lifeline::Status claim_ready_fd(int fd) {
    if (fd <= STDERR_FILENO)
        return lifeline::fail(lifeline::ErrorCode::invalid_input,
                              "--ready-fd " + std::to_string(fd) +
                                  ": must be above 2 (0-2 are the proxy's standard streams; give "
                                  "the write end of a pipe the proxy inherits)");
    const int flags = fd >= 0 ? ::fcntl(fd, F_GETFD) : -1;
    if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
        return lifeline::fail(lifeline::ErrorCode::invalid_input,
                              "--ready-fd " + std::to_string(fd) +
                                  ": not an open file descriptor (give the write end of a pipe "
                                  "the proxy inherits, or use --ready-file)");
    }
    return {};
}

lifeline::Status announce_on_fd(int fd, std::string_view text) {
    int error = 0;
    {
        lifeline::SigpipeGuard guard;  // a reader that is gone is EPIPE, not a fatal SIGPIPE
        error = write_all(fd, text) ? 0 : errno;
    }
    ::close(fd);
    if (error != 0) {
        return lifeline::fail(lifeline::ErrorCode::io,
                              "--ready-fd " + std::to_string(fd) +
                                  ": cannot write the ready lines: " + std::strerror(error));
    }
    return {};
}

}  // namespace failover_proxy
