#include "process_group.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>

#include <dirent.h>
#include <unistd.h>

#include <lifeline/process/process_identity.hpp>

namespace lifeline::process::detail {
namespace {

// Whether process `pid` is a live member of `pgid`; false once it exited (and was reaped)
// since the directory was listed, or is a zombie.
bool is_live_member(const ProcProbe& proc, long pid, pid_t pgid) {
    const auto text = proc.read_stat(pid);
    const auto stat = text ? parse_proc_stat(*text) : std::nullopt;
    return stat && stat->state != 'Z' && stat->state != 'X' && stat->pgrp == pgid;
}

}  // namespace

bool group_has_live_members(pid_t pgid) {
    if (::kill(-pgid, 0) != 0 && errno != EPERM)
        return false;
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr)
        return true;  // cannot tell zombies apart: trust kill()
    const ProcProbe proc_probe;
    bool alive = false;
    while (const dirent* entry = ::readdir(proc)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        if (is_live_member(proc_probe, std::strtol(entry->d_name, nullptr, 10), pgid)) {
            alive = true;
            break;
        }
    }
    ::closedir(proc);
    return alive;
}

}  // namespace lifeline::process::detail
