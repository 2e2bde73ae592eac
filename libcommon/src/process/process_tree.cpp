#include "process_tree.hpp"

#include <cerrno>

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lifeline::process::detail {
namespace {

// The layout of one record getdents64 writes (glibc declares no type for it).
struct DirectoryRecord {
    ino64_t inode;
    off64_t offset;
    unsigned short length;
    unsigned char type;
    char name[];
};

bool contains(const pid_t* pids, size_t count, pid_t pid) {
    for (size_t i = 0; i < count; ++i) {
        if (pids[i] == pid)
            return true;
    }
    return false;
}

// "1234" -> 1234; -1 for anything but digits (".", "self", "sys", ...).
pid_t parse_pid(const char* name) {
    if (*name == '\0')
        return -1;
    long value = 0;
    for (const char* c = name; *c != '\0'; ++c) {
        if (*c < '0' || *c > '9' || value > 100'000'000)
            return -1;
        value = value * 10 + (*c - '0');
    }
    return static_cast<pid_t>(value);
}

// Writes "/proc/<pid>/stat" into `path` (at least 32 bytes) without snprintf.
void stat_path(pid_t pid, char* path) {
    char digits[16];
    int count = 0;
    for (long value = pid; value > 0 || count == 0; value /= 10)
        digits[count++] = static_cast<char>('0' + value % 10);
    const char prefix[] = "/proc/";
    size_t at = 0;
    for (const char* c = prefix; *c != '\0'; ++c)
        path[at++] = *c;
    while (count > 0)
        path[at++] = digits[--count];
    for (const char* c = "/stat"; *c != '\0'; ++c)
        path[at++] = *c;
    path[at] = '\0';
}

pid_t read_parent_of(pid_t pid) {
    char path[32];
    stat_path(pid, path);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    // comm is at most 16 bytes, so the parent pid is well inside the first 512.
    char text[512];
    ssize_t got = 0;
    do {
        got = ::read(fd, text, sizeof text);
    } while (got < 0 && errno == EINTR);
    ::close(fd);
    return got > 0 ? parse_parent_pid(text, static_cast<size_t>(got)) : -1;
}

}  // namespace

pid_t parse_parent_pid(const char* stat_text, size_t length) {
    size_t close = length;
    for (size_t i = length; i > 0; --i) {
        if (stat_text[i - 1] == ')') {
            close = i - 1;
            break;
        }
    }
    // ") S 1234 ..." : the state letter, then the parent pid.
    size_t at = close + 4;
    if (close == length || at >= length || stat_text[close + 1] != ' ' ||
        stat_text[close + 3] != ' ')
        return -1;
    long value = 0;
    size_t digits = 0;
    for (; at < length && stat_text[at] >= '0' && stat_text[at] <= '9'; ++at, ++digits)
        value = value * 10 + (stat_text[at] - '0');
    return digits == 0 || digits > 10 ? -1 : static_cast<pid_t>(value);
}

size_t read_process_links(ProcessLink* links, size_t capacity) {
    const int dir = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return 0;
    size_t count = 0;
    alignas(DirectoryRecord) char buffer[8192];
    while (count < capacity) {
        const long got = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer);
        if (got <= 0)
            break;
        for (long at = 0; at < got && count < capacity;) {
            const auto* record = reinterpret_cast<const DirectoryRecord*>(buffer + at);
            at += record->length;
            const pid_t pid = parse_pid(record->name);
            if (pid <= 0)
                continue;
            const pid_t parent = read_parent_of(pid);
            if (parent >= 0)
                links[count++] = {pid, parent};
        }
    }
    ::close(dir);
    return count;
}

size_t find_descendants(pid_t root, const ProcessLink* links, size_t link_count, pid_t* out,
                        size_t capacity) {
    size_t found = 0;
    // Each pass adds the children of what is known; a chain of depth d needs d passes.
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < link_count && found < capacity; ++i) {
            const ProcessLink& link = links[i];
            if (link.pid == root || contains(out, found, link.pid))
                continue;
            if (link.parent == root || contains(out, found, link.parent)) {
                out[found++] = link.pid;
                grew = true;
            }
        }
    }
    return found;
}

}  // namespace lifeline::process::detail
