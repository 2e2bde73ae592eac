#pragma once
// "Is that process still alive?" asked well: a zombie is dead (in a container whose PID 1
// does not reap, a killed process stays a zombie and kill(pid, 0) still reaches it), and a pid
// handed to a new process after the old one died, or after a reboot, names someone else.
// A process is therefore recorded as pid + start time + boot id, not as a pid alone.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline::process {

// Who a process is, precisely enough to tell it from a later process given the same pid.
struct ProcessIdentity {
    long pid = 0;
    // Field 22 of /proc/<pid>/stat: clock ticks after boot when it started. 0 = unknown.
    unsigned long long start_time = 0;
    // /proc/sys/kernel/random/boot_id of the boot it ran in. "" = unknown.
    std::string boot_id;
};

// The fields of a /proc/<pid>/stat line that liveness and process groups need.
struct ProcStat {
    char state = '?';  // R, S, D, T, Z (zombie), X (dead), ...
    long ppid = 0;
    long pgrp = 0;
    unsigned long long start_time = 0;  // field 22
};

// Parses a /proc/<pid>/stat line. The command name (field 2) may contain spaces and ')', so
// the fields are read after the LAST ')'. nullopt when the text is truncated or malformed.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

// The OS facts is_alive() needs, behind an interface so tests can use a fake /proc tree.
class ProcessProbe {
  public:
    virtual ~ProcessProbe() = default;
    // The text of /proc/<pid>/stat; nullopt when it cannot be read (no such process, no /proc
    // mounted, or hidden by hidepid).
    virtual std::optional<std::string> read_stat(long pid) const = 0;
    // This boot's id, without the newline; "" when it cannot be read.
    virtual std::string boot_id() const = 0;
    // True when kill(pid, 0) succeeds or fails with EPERM: some process has that pid.
    virtual bool pid_exists(long pid) const = 0;
};

// The real probe: reads files under `root` (normally /proc) and calls kill(pid, 0).
class ProcProbe : public ProcessProbe {
  public:
    explicit ProcProbe(std::filesystem::path root = "/proc");
    std::optional<std::string> read_stat(long pid) const override;
    std::string boot_id() const override;
    bool pid_exists(long pid) const override;

  private:
    std::filesystem::path m_root;
};

// This process: getpid() with its start time and boot id as `probe` reports them (0 and ""
// when they cannot be read, e.g. without /proc).
ProcessIdentity current_process_identity(const ProcessProbe& probe = ProcProbe());

// False when `who` is known to be gone: it ran in another boot (both boot ids known and
// different), its stat shows state Z or X, or its start time differs from the one recorded
// (the pid was reused). When its stat cannot be read or parsed, kill(pid, 0) decides (an
// existing pid hidden from /proc counts as alive). Unknown start time / boot id (an identity
// with only a pid, from older records) skip those checks. A pid <= 0 is never alive.
bool is_alive(const ProcessIdentity& who, const ProcessProbe& probe = ProcProbe());

}  // namespace lifeline::process
