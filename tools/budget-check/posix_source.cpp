// The only file of budget-check that reads the OS directly: log folders can be hundreds of MB,
// so they are streamed with read(2) instead of FileSystem::read_file (which loads whole files).

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byte_source.hpp"

namespace lifeline::budget {
namespace {

class FdSource final : public ByteSource {
  public:
    FdSource(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
    ~FdSource() override { ::close(m_fd); }
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

    Result<std::size_t> read(char* buffer, std::size_t capacity) override {
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, capacity);
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno == EINTR)
                continue;
            return fail(ErrorCode::io, "cannot read " + m_path + ": " + std::strerror(errno));
        }
    }

  private:
    int m_fd;
    std::string m_path;
};

class PosixOpener final : public LogOpener {
  public:
    Result<std::unique_ptr<ByteSource>> open(const std::string& path) const override {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            return fail(error == ENOENT ? ErrorCode::not_found : ErrorCode::io,
                        "cannot open " + path + ": " + std::strerror(error));
        }
        struct stat info {};
        if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
            ::close(fd);
            return fail(ErrorCode::invalid_input, path + " is not a regular file");
        }
        // Sequential scans: let the kernel read ahead aggressively.
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(fd, path));
    }
};

}  // namespace

std::unique_ptr<LogOpener> make_posix_opener() {
    return std::make_unique<PosixOpener>();
}

}  // namespace lifeline::budget
