#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lifeline/app/system.hpp>

namespace lifeline::app {
namespace {

namespace fs = std::filesystem;

Failure<Error> io_error(const std::string& what, const std::string& path, int error_number) {
    return fail(ErrorCode::io, "cannot " + what + " " + path + ": " + std::strerror(error_number));
}

Status ensure_parent(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    if (parent.empty())
        return {};
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec)
        return fail(ErrorCode::io,
                    "cannot create directory " + parent.string() + ": " + ec.message());
    return {};
}

Status write_all(int fd, std::string_view content, const std::string& path) {
    size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return io_error("write", path, errno);
        }
        written += static_cast<size_t>(n);
    }
    return {};
}

}  // namespace

Result<std::string> LocalFileSystem::read_file(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (errno == ENOENT)
            return fail(ErrorCode::not_found, "no such file: " + path);
        return io_error("read", path, errno);
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        return io_error("read", path, errno);
    return content.str();
}

bool LocalFileSystem::exists(const std::string& path) const {
    std::error_code ec;
    return fs::exists(path, ec);
}

Status LocalFileSystem::write_file_atomic(const std::string& path, std::string_view content,
                                          unsigned mode) {
    LIFELINE_TRY_VOID(ensure_parent(path));
    std::string temporary = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return io_error("create a temporary file for", path, errno);
    ::fchmod(fd, static_cast<mode_t>(mode));
    Status written = write_all(fd, content, path);
    if (written && ::fsync(fd) != 0)
        written = io_error("sync", path, errno);
    ::close(fd);
    if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
        written = io_error("rename into place", path, errno);
    }
    if (!written)
        ::unlink(temporary.c_str());
    return written;
}

Status LocalFileSystem::append_file(const std::string& path, std::string_view content) {
    LIFELINE_TRY_VOID(ensure_parent(path));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return io_error("open", path, errno);
    Status written = write_all(fd, content, path);
    ::close(fd);
    return written;
}

Status LocalFileSystem::create_directories(const std::string& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec)
        return fail(ErrorCode::io, "cannot create directory " + path + ": " + ec.message());
    return {};
}

Status LocalFileSystem::remove_file(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return io_error("remove", path, errno);
    return {};
}

Status LocalFileSystem::remove_tree(const std::string& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec)
        return io_error("remove", path, ec.value());
    return {};
}

Result<std::vector<std::string>> LocalFileSystem::list_files(const std::string& directory,
                                                             std::string_view suffix) const {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        return fail(ErrorCode::not_found, "no such directory: " + directory);
    }
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(
             directory, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        const std::string name = it->path().string();
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            files.push_back(name);
        }
    }
    if (ec)
        return fail(ErrorCode::io, "cannot list " + directory + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace lifeline::app
