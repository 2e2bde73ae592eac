#include "process_group.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <string>
#include <string_view>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace lifeline::process::detail {
namespace {

// Reads /proc/<pid>/stat and reports whether that process is a live member of `pgid`.
// Fields after the command name (which may itself contain ')' and spaces): state ppid pgrp.
bool is_live_member(const char* pid_name, pid_t pgid) {
    std::string path = std::string("/proc/") + pid_name + "/stat";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;  // exited (and was reaped) since the directory was listed
    std::array<char, 512> buffer{};
    ssize_t got = ::read(fd, buffer.data(), buffer.size() - 1);
    ::close(fd);
    if (got <= 0)
        return false;
    std::string_view stat(buffer.data(), static_cast<size_t>(got));
    size_t paren = stat.rfind(')');
    if (paren == std::string_view::npos || paren + 2 >= stat.size())
        return false;
    char state = stat[paren + 2];
    if (state == 'Z' || state == 'X')
        return false;
    // Skip " S ppid " to reach pgrp.
    const char* cursor = stat.data() + paren + 3;
    char* end = nullptr;
    std::strtol(cursor, &end, 10);  // ppid
    long pgrp = std::strtol(end, nullptr, 10);
    return pgrp == pgid;
}

}  // namespace

bool group_has_live_members(pid_t pgid) {
    if (::kill(-pgid, 0) != 0 && errno != EPERM)
        return false;
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr)
        return true;  // cannot tell zombies apart: trust kill()
    bool alive = false;
    while (const dirent* entry = ::readdir(proc)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        if (is_live_member(entry->d_name, pgid)) {
            alive = true;
            break;
        }
    }
    ::closedir(proc);
    return alive;
}

}  // namespace lifeline::process::detail
