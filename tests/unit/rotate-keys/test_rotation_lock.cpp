// Lock owner tokens: both formats read, and which holders count as dead on this host.
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "rotation_lock.hpp"

namespace lifeline::rotate {
namespace {

constexpr const char* k_boot = "63e3ba51-cd55-4057-8981-cfec2de3ad95";

// Processes by pid as /proc would show them: stat state letter and start time.
class FakeProcesses : public process::ProcessProbe {
  public:
    void add(long pid, char state, unsigned long long start_time) {
        m_stats[pid] = std::to_string(pid) + " (rotate-keys) " + state +
                       " 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + std::to_string(start_time) +
                       " 0 0\n";
    }
    std::optional<std::string> read_stat(long pid) const override {
        const auto found = m_stats.find(pid);
        return found == m_stats.end() ? std::nullopt : std::optional(found->second);
    }
    std::string boot_id() const override { return k_boot; }
    bool pid_exists(long pid) const override { return m_stats.count(pid) != 0; }

  private:
    std::map<long, std::string> m_stats;
};

TEST(RotateKeysLockOwner, TokenCarriesTheHoldersStartTimeAndBootId) {
    const std::string token = make_lock_owner("ci-runner-7", {4321, 98765, k_boot}, "a1b2c3d4");
    EXPECT_EQ(token, std::string("ci-runner-7:4321:a1b2c3d4:98765:") + k_boot);
    const auto owner = parse_lock_owner(token);
    ASSERT_TRUE(owner);
    EXPECT_EQ(owner->host, "ci-runner-7");
    EXPECT_EQ(owner->process.pid, 4321);
    EXPECT_EQ(owner->process.start_time, 98765u);
    EXPECT_EQ(owner->process.boot_id, k_boot);
    EXPECT_EQ(owner->nonce, "a1b2c3d4");
}

TEST(RotateKeysLockOwner, OldThreeFieldTokenIsReadAsAPidOnly) {
    const auto owner = parse_lock_owner("ci-runner-7:4321:a1b2c3d4");
    ASSERT_TRUE(owner);
    EXPECT_EQ(owner->process.pid, 4321);
    EXPECT_EQ(owner->process.start_time, 0u);
    EXPECT_EQ(owner->process.boot_id, "");
}

TEST(RotateKeysLockOwner, OtherShapesAreNotTokens) {
    for (const char* token :
         {"", "host", "host:4321", "host:4321:n:5", "host:x:n", "host:-4:n", "host:0:n",
          "host:12ab:n", "host:4321:n:later:boot", "host:4321:n:5:boot:extra"})
        EXPECT_FALSE(parse_lock_owner(token)) << token;
}

TEST(RotateKeysLockOwner, ZombieGoneOrReusedHoldersOnThisHostAreDead) {
    FakeProcesses proc;
    proc.add(100, 'S', 5000);
    proc.add(200, 'Z', 5000);
    proc.add(300, 'S', 9000);  // pid 300 was reused after the holder that started at 5000
    const auto token = [](long pid) { return make_lock_owner("here", {pid, 5000, k_boot}, "n"); };
    EXPECT_FALSE(lock_owner_is_dead(token(100), "here", proc));
    EXPECT_TRUE(lock_owner_is_dead(token(200), "here", proc));
    EXPECT_TRUE(lock_owner_is_dead(token(300), "here", proc));
    EXPECT_TRUE(lock_owner_is_dead(token(400), "here", proc));
    EXPECT_TRUE(lock_owner_is_dead("here:200:n", "here", proc)) << "old token, zombie holder";
    EXPECT_FALSE(lock_owner_is_dead("here:100:n", "here", proc));
}

TEST(RotateKeysLockOwner, AnotherHostsHolderOrAnUnreadableTokenIsNeverDead) {
    FakeProcesses proc;
    EXPECT_FALSE(
        lock_owner_is_dead(make_lock_owner("elsewhere", {400, 5000, k_boot}, "n"), "here", proc))
        << "only its TTL can end another machine's lease";
    EXPECT_FALSE(lock_owner_is_dead("here:not-a-pid:n", "here", proc));
}

}  // namespace
}  // namespace lifeline::rotate
