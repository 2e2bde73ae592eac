#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <limits>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <lifeline/process/process_identity.hpp>

namespace lifeline::process {
namespace {

// Fields after the command name: 3 state, 4 ppid, 5 pgrp, ... 22 starttime.
constexpr int k_fields_after_comm = 20;

// Reads a whole small file; nullopt when it cannot be opened or read. /proc files report a
// size of 0, so this reads until EOF instead of trusting stat().
std::optional<std::string> read_small_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string text;
    std::array<char, 1024> buffer{};
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            ::close(fd);
            if (got < 0)
                return std::nullopt;
            return text;
        }
        text.append(buffer.data(), static_cast<size_t>(got));
        if (text.size() > 64 * 1024) {  // no /proc file we read is this long
            ::close(fd);
            return std::nullopt;
        }
    }
}

template <typename Number>
bool parse_number(std::string_view field, Number& out) {
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), out);
    return error == std::errc() && end == field.data() + field.size();
}

}  // namespace

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
    const size_t paren = text.rfind(')');
    if (paren == std::string_view::npos)
        return std::nullopt;
    std::array<std::string_view, k_fields_after_comm> fields;
    size_t cursor = paren + 1;
    for (std::string_view& field : fields) {
        cursor = text.find_first_not_of(" \n", cursor);
        if (cursor == std::string_view::npos)
            return std::nullopt;  // truncated
        size_t end = text.find_first_of(" \n", cursor);
        if (end == std::string_view::npos)
            end = text.size();
        field = text.substr(cursor, end - cursor);
        cursor = end;
    }
    ProcStat stat;
    if (fields[0].size() != 1)
        return std::nullopt;
    stat.state = fields[0][0];
    if (!parse_number(fields[1], stat.ppid) || !parse_number(fields[2], stat.pgrp) ||
        !parse_number(fields[19], stat.start_time))
        return std::nullopt;
    return stat;
}

ProcProbe::ProcProbe(std::filesystem::path root) : m_root(std::move(root)) {}

std::optional<std::string> ProcProbe::read_stat(long pid) const {
    return read_small_file(m_root / std::to_string(pid) / "stat");
}

std::string ProcProbe::boot_id() const {
    std::string id = read_small_file(m_root / "sys/kernel/random/boot_id").value_or("");
    while (!id.empty() && (id.back() == '\n' || id.back() == ' '))
        id.pop_back();
    return id;
}

bool ProcProbe::pid_exists(long pid) const {
    // kill() reads 0 and negative pids as process groups: never ask it about those.
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max())
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

ProcessIdentity current_process_identity(const ProcessProbe& probe) {
    ProcessIdentity self;
    self.pid = static_cast<long>(::getpid());
    if (auto text = probe.read_stat(self.pid))
        if (auto stat = parse_proc_stat(*text))
            self.start_time = stat->start_time;
    self.boot_id = probe.boot_id();
    return self;
}

bool is_alive(const ProcessIdentity& who, const ProcessProbe& probe) {
    if (who.pid <= 0)
        return false;
    if (!who.boot_id.empty()) {
        // Pids restart at every boot: one recorded before a reboot names nobody we know.
        const std::string now = probe.boot_id();
        if (!now.empty() && now != who.boot_id)
            return false;
    }
    const auto text = probe.read_stat(who.pid);
    const auto stat = text ? parse_proc_stat(*text) : std::nullopt;
    if (!stat)
        return probe.pid_exists(who.pid);  // no /proc, or hidden from us (hidepid): ask kill
    if (stat->state == 'Z' || stat->state == 'X')
        return false;  // exited; only its parent's wait() is missing
    if (who.start_time != 0 && stat->start_time != who.start_time)
        return false;  // the pid now belongs to a process started later
    return true;
}

}  // namespace lifeline::process
