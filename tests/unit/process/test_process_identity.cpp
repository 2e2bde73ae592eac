// Process liveness: zombies, reused pids and other boots count as dead. Decided on a fake
// /proc tree, then once against the real one with a child left unreaped.
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/process/process_identity.hpp>

#include "process_test_support.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::process {
namespace {

using lifeline::testing::TempDir;
using testing::write_file;

constexpr const char* k_boot = "63e3ba51-cd55-4057-8981-cfec2de3ad95";

// A /proc/<pid>/stat line for `comm` in `state`, started `start_time` ticks after boot.
std::string stat_line(long pid, const std::string& comm, char state,
                      unsigned long long start_time) {
    return std::to_string(pid) + " (" + comm + ") " + state +
           " 1 4242 4242 0 -1 4194560 120 0 0 0 3 1 0 0 20 0 1 0 " + std::to_string(start_time) +
           " 4452352 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
}

// A fake /proc under a scratch directory. Whether kill(pid, 0) would reach a pid is a set
// the test controls, so no real process is ever asked.
class FakeProc : public ProcProbe {
  public:
    explicit FakeProc(const TempDir& dir) : ProcProbe(dir.path()), m_root(dir.path()) {
        std::filesystem::create_directories(m_root / "sys/kernel/random");
        write_file((m_root / "sys/kernel/random/boot_id").string(), std::string(k_boot) + "\n");
    }

    void add(long pid, const std::string& comm, char state, unsigned long long start_time) {
        std::filesystem::create_directories(m_root / std::to_string(pid));
        write_file((m_root / std::to_string(pid) / "stat").string(),
                   stat_line(pid, comm, state, start_time));
        m_reachable.insert(pid);
    }
    void set_boot_id(const std::string& id) {
        write_file((m_root / "sys/kernel/random/boot_id").string(), id + "\n");
    }
    // kill(pid, 0) reaches `pid` though it has no stat file here (hidepid hides it).
    void reach(long pid) { m_reachable.insert(pid); }
    bool pid_exists(long pid) const override { return m_reachable.count(pid) != 0; }

  private:
    std::filesystem::path m_root;
    std::set<long> m_reachable;
};

// The state letter of a real process; '?' when its stat cannot be read.
char state_of(const ProcessProbe& proc, long pid) {
    const auto stat = parse_proc_stat(proc.read_stat(pid).value_or(""));
    return stat ? stat->state : '?';
}

TEST(ParseProcStat, ReadsTheFieldsAfterTheLastParenthesis) {
    // A command name may hold spaces and ')' — even one that looks like the next fields.
    const auto stat = parse_proc_stat(stat_line(77, "my prog) R 1 2 (x", 'S', 987654321));
    ASSERT_TRUE(stat);
    EXPECT_EQ(stat->state, 'S');
    EXPECT_EQ(stat->ppid, 1);
    EXPECT_EQ(stat->pgrp, 4242);
    EXPECT_EQ(stat->start_time, 987654321u);
}

TEST(ParseProcStat, RejectsTruncatedAndMalformedLines) {
    const std::string full = stat_line(77, "agent", 'S', 5000);
    EXPECT_FALSE(parse_proc_stat(""));
    EXPECT_FALSE(parse_proc_stat("77 agent S 1 4242"));                // no parenthesis
    EXPECT_FALSE(parse_proc_stat(full.substr(0, full.find("5000"))));  // ends before field 22
    EXPECT_FALSE(parse_proc_stat("77 (agent) SS 1 4242 4242 0 -1 1 1 0 0 0 3 1 0 0 20 0 1 0 9"));
    EXPECT_FALSE(parse_proc_stat("77 (agent) S 1 4242 4242 0 -1 1 1 0 0 0 3 1 0 0 20 0 1 0 9x"));
    EXPECT_TRUE(parse_proc_stat("77 (agent) S 1 4242 4242 0 -1 1 1 0 0 0 3 1 0 0 20 0 1 0 9"));
}

TEST(ProcessIdentityOnAFakeProc, ARunningHolderWithItsStartTimeIsAlive) {
    TempDir dir;
    FakeProc proc(dir);
    proc.add(4321, "rotate-keys", 'S', 5000);
    EXPECT_TRUE(is_alive({4321, 5000, k_boot}, proc));
    EXPECT_TRUE(is_alive({4321, 0, ""}, proc)) << "pid only, as in old lock tokens";
}

TEST(ProcessIdentityOnAFakeProc, AZombieOrDeadHolderIsDeadThoughKillStillReachesIt) {
    TempDir dir;
    FakeProc proc(dir);
    proc.add(4321, "rotate-keys", 'Z', 5000);
    proc.add(4322, "rotate-keys", 'X', 5000);
    EXPECT_TRUE(proc.pid_exists(4321));
    EXPECT_FALSE(is_alive({4321, 5000, k_boot}, proc));
    EXPECT_FALSE(is_alive({4321, 0, ""}, proc)) << "pid only: still no zombie counts";
    EXPECT_FALSE(is_alive({4322, 5000, k_boot}, proc));
}

TEST(ProcessIdentityOnAFakeProc, AReusedPidWithAnotherStartTimeIsNotTheHolder) {
    TempDir dir;
    FakeProc proc(dir);
    proc.add(4321, "bash", 'R', 9000);
    EXPECT_FALSE(is_alive({4321, 5000, k_boot}, proc));
}

TEST(ProcessIdentityOnAFakeProc, AHolderFromAnotherBootIsDead) {
    TempDir dir;
    FakeProc proc(dir);
    proc.add(4321, "rotate-keys", 'S', 5000);
    EXPECT_FALSE(is_alive({4321, 5000, "00000000-1111-2222-3333-444444444444"}, proc));
    proc.set_boot_id("");
    EXPECT_TRUE(is_alive({4321, 5000, "00000000-1111-2222-3333-444444444444"}, proc))
        << "an unreadable boot id decides nothing";
}

TEST(ProcessIdentityOnAFakeProc, WithoutAStatFileKillDecides) {
    TempDir dir;
    FakeProc proc(dir);
    EXPECT_FALSE(is_alive({4321, 5000, k_boot}, proc)) << "no stat, no such pid";
    proc.reach(4321);
    EXPECT_TRUE(is_alive({4321, 5000, k_boot}, proc));
    std::filesystem::create_directories(dir.file("4321"));
    write_file(dir.file("4321/stat"), "4321 (rotate-keys");  // torn or unreadable
    EXPECT_TRUE(is_alive({4321, 5000, k_boot}, proc));
    EXPECT_FALSE(is_alive({0, 0, ""}, proc));
    EXPECT_FALSE(is_alive({-1, 0, ""}, proc));
}

TEST(ProcessIdentityOnAFakeProc, MissingFilesLeaveTheIdentityUnknown) {
    TempDir dir;
    const ProcProbe empty(dir.path());
    const ProcessIdentity self = current_process_identity(empty);
    EXPECT_EQ(self.pid, static_cast<long>(::getpid()));
    EXPECT_EQ(self.start_time, 0u);
    EXPECT_EQ(self.boot_id, "");
    EXPECT_TRUE(is_alive(self, empty)) << "kill() still reaches this process";
}

TEST(ProcessIdentityOnThisSystem, ThisProcessIsAliveAndAnUnreapedChildIsNot) {
    const ProcessIdentity self = current_process_identity();
    ASSERT_GT(self.start_time, 0u) << "this test needs /proc";
    EXPECT_EQ(self.boot_id.size(), 36u);
    EXPECT_TRUE(is_alive(self));
    EXPECT_FALSE(is_alive({self.pid, self.start_time + 1, self.boot_id})) << "another start";

    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0)
        ::_exit(0);
    // Not reaped yet: a zombie, which kill(pid, 0) still reaches.
    const ProcProbe proc;
    for (int waited_ms = 0; state_of(proc, child) != 'Z' && waited_ms < 5000; ++waited_ms)
        ::usleep(1000);
    ASSERT_EQ(state_of(proc, child), 'Z');
    const ProcessIdentity zombie{child, parse_proc_stat(*proc.read_stat(child))->start_time,
                                 self.boot_id};
    EXPECT_TRUE(proc.pid_exists(child));
    EXPECT_FALSE(is_alive(zombie));
    EXPECT_FALSE(is_alive({child, 0, ""})) << "pid only";
    ::waitpid(child, nullptr, 0);
    EXPECT_FALSE(is_alive(zombie)) << "reaped";
}

}  // namespace
}  // namespace lifeline::process
