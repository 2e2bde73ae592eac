// The rotation protocol end to end on fakes: happy path, failed verification, a crash at every
// checkpoint followed by a rerun, grace periods, locks (with real holder processes) and --abort.
#include <csignal>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/process/process_identity.hpp>
#include <lifeline/storage/backends.hpp>

#include "fake_openrouter.hpp"
#include "issuer.hpp"
#include "rotate_keys.hpp"
#include "rotation.hpp"
#include "rotation_lock.hpp"
#include "spec.hpp"
#include "store.hpp"
#include "test_context.hpp"

namespace lifeline::rotate {
namespace {

using testing::FakeOpenRouter;

constexpr const char* k_old_key = "sk-or-v1-oldkey0000111122223333444455556666";
constexpr const char* k_key_file = "/keys/openrouter";

struct Crash {};

std::string this_host() {
    char name[256] = {};
    EXPECT_EQ(gethostname(name, sizeof name - 1), 0);
    return name;
}

// A forked holder process: one that exits at once and is never reaped (a zombie, as a killed
// rotate-keys stays under a PID 1 that does not reap), or one that lives until the test ends.
class HolderProcess {
  public:
    enum class Fate { zombie, alive };

    explicit HolderProcess(Fate fate) : m_pid(fork()) {
        if (m_pid == 0) {
            if (fate == Fate::alive)
                pause();
            _exit(0);
        }
        EXPECT_GT(m_pid, 0);
        // The lock names the holder as it was when it took the lock, so read its start time
        // now; a zombie keeps its stat until reaped, so wait until it is one.
        const process::ProcProbe proc;
        for (int waited_ms = 0; waited_ms < 5000; ++waited_ms) {
            const auto stat = process::parse_proc_stat(proc.read_stat(m_pid).value_or(""));
            if (stat && (fate == Fate::alive || stat->state == 'Z')) {
                m_identity = {m_pid, stat->start_time, proc.boot_id()};
                break;
            }
            usleep(1000);
        }
        EXPECT_GT(m_identity.start_time, 0u) << "this test needs /proc";
    }
    ~HolderProcess() {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    HolderProcess(const HolderProcess&) = delete;
    HolderProcess& operator=(const HolderProcess&) = delete;

    const process::ProcessIdentity& identity() const { return m_identity; }

  private:
    pid_t m_pid;
    process::ProcessIdentity m_identity;
};

class RotateKeysEngine : public ::testing::Test {
  protected:
    void SetUp() override {
        tc.env.set("OR_MGMT", "sk-or-mgmt-0123456789abcdef");
        config.source = "lifeline.yaml";
        config::ProviderConfig provider;
        provider.name = "openrouter";
        provider.kind = config::ProviderKind::openrouter;
        provider.base_url = testing::k_base;
        config.providers.push_back(provider);
        old_hash = sim.seed(k_old_key);
        ASSERT_TRUE(tc.fs.write_file_atomic(k_key_file, std::string(k_old_key) + "\n", 0600));
        spec = make_spec("0s");
    }

    RotationSpec make_spec(const std::string& grace) {
        const std::string text =
            std::string("version: 1\nrotations:\n  ci:\n") +
            "    issuer: {kind: openrouter, base_url: " + testing::k_base +
            ", admin_key_env: OR_MGMT, limit: 10, limit_reset: monthly}\n"
            "    store: {kind: file, path: " +
            k_key_file +
            "}\n"
            "    verify: {provider: openrouter, model: openai/gpt-5.5, attempts: 2, backoff: 1s}\n"
            "    grace: " +
            grace + "\n";
        auto parsed = parse_spec(text, "rotation.yaml");
        EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().to_string());
        return parsed->rotations.front();
    }

    RotationReport rotate(Mode mode = Mode::rotate, const std::string& crash_at = "",
                          const std::string& owner = "host:1:aaaa") {
        auto issuer = make_issuer(spec.issuer, tc.context, false);
        auto store = make_store(spec.store, tc.context, false);
        EngineDeps deps{tc.context, config, *state, **issuer, **store, {},
                        {},         false,  {},     {},       {},      {}};
        deps.owner = owner;
        deps.rotation_id = "r" + std::to_string(++runs);
        deps.track_secret = [this](const secret::Secret& key) { tracked.push_back(key); };
        deps.progress = [this](const std::string& line) { progress += line + "\n"; };
        deps.checkpoint = [crash_at](const std::string& point) {
            if (point == crash_at)
                throw Crash{};
        };
        deps.owner_is_dead = owner_is_dead;
        return run_rotation(spec, mode, deps);
    }

    std::string current_key() { return std::string(trim_newline(*tc.fs.read_file(k_key_file))); }
    static std::string trim_newline(std::string text) {
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        return text;
    }
    // No key value anywhere we print or persist.
    void expect_no_key_text() {
        auto journal = state->journal_get("rotate-keys/ci");
        std::string everything =
            progress + tc.err.str() + tc.out.str() + (journal && *journal ? (*journal)->value : "");
        for (const secret::Secret& key : tracked)
            EXPECT_EQ(everything.find(key.reveal()), std::string::npos) << key.fingerprint();
        EXPECT_EQ(everything.find(k_old_key), std::string::npos);
    }

    lifeline::testing::TestContext tc;
    std::unique_ptr<state::StateStore> state = state::make_memory_store(tc.clock);
    FakeOpenRouter sim{tc.http};
    config::Config config;
    RotationSpec spec;
    std::string old_hash;
    std::vector<secret::Secret> tracked;
    std::string progress;
    int runs = 0;
    std::function<bool(const std::string&)> owner_is_dead = [](const std::string&) {
        return false;
    };
};

TEST_F(RotateKeysEngine, RotatesVerifiesPromotesAndRevokesTheOldKey) {
    spec.old_key_id = "";
    const RotationReport report = rotate();
    EXPECT_EQ(report.action, "rotated");
    EXPECT_EQ(report.exit_code, 0);
    ASSERT_TRUE(report.record);
    EXPECT_EQ(report.record->phase, Phase::done);
    EXPECT_EQ(report.record->old_key_id, old_hash) << "found by the label hint";
    EXPECT_TRUE(report.record->old_revoked);
    const std::string fresh = current_key();
    EXPECT_NE(fresh, k_old_key);
    EXPECT_TRUE(sim.is_live_value(fresh));
    EXPECT_FALSE(sim.is_live_value(k_old_key));
    EXPECT_EQ(sim.live_count(), 1);
    EXPECT_EQ(trim_newline(*tc.fs.read_file(std::string(k_key_file) + ".previous")), k_old_key);
    EXPECT_FALSE(tc.fs.exists(std::string(k_key_file) + ".pending"));
    EXPECT_EQ(tc.fs.mode_of(k_key_file), 0600u);
    EXPECT_EQ(report.record->new_fingerprint, secret::Secret(fresh).fingerprint());
    expect_no_key_text();
}

TEST_F(RotateKeysEngine, SecondRotationRevokesTheKeyTheFirstOneMinted) {
    ASSERT_EQ(rotate().action, "rotated");
    const std::string first = current_key();
    const RotationReport second = rotate();
    EXPECT_EQ(second.action, "rotated");
    EXPECT_FALSE(sim.is_live_value(first));
    EXPECT_TRUE(sim.is_live_value(current_key()));
    EXPECT_EQ(sim.live_count(), 1);
}

TEST_F(RotateKeysEngine, FailedVerificationDeletesTheNewKeyKeepsTheOldAndExits1) {
    sim.verify_fails = true;
    const RotationReport report = rotate();
    EXPECT_EQ(report.action, "rolled_back");
    EXPECT_EQ(report.exit_code, 1);
    EXPECT_EQ(current_key(), k_old_key);
    EXPECT_TRUE(sim.is_live_value(k_old_key));
    EXPECT_EQ(sim.live_count(), 1) << "the new key was deleted at the issuer";
    EXPECT_FALSE(tc.fs.exists(std::string(k_key_file) + ".pending"));
    EXPECT_EQ(sim.chat_calls, 1) << "a 401 is not retried";
    expect_no_key_text();
}

TEST_F(RotateKeysEngine, MissingManagementKeyChangesNothing) {
    tc.env.unset("OR_MGMT");
    const RotationReport report = rotate();
    EXPECT_NE(report.exit_code, 0);
    EXPECT_EQ(current_key(), k_old_key);
    EXPECT_EQ(sim.live_count(), 1);
}

class RotateKeysCrash : public RotateKeysEngine,
                        public ::testing::WithParamInterface<const char*> {};

TEST_P(RotateKeysCrash, RerunAfterACrashLeavesExactlyOneWorkingKey) {
    const std::string point = GetParam();
    EXPECT_THROW(rotate(Mode::rotate, point), Crash);
    const RotationReport rerun = rotate();
    ASSERT_TRUE(rerun.record) << rerun.action;
    EXPECT_TRUE(rerun.record->phase == Phase::done || rerun.record->phase == Phase::rolled_back)
        << to_string(rerun.record->phase);
    const std::string current = current_key();
    EXPECT_TRUE(sim.is_live_value(current)) << "the stored key works";
    EXPECT_EQ(sim.live_count(), 1) << "no orphaned key at the issuer";
    EXPECT_FALSE(tc.fs.exists(std::string(k_key_file) + ".pending"));
    if (rerun.record->phase == Phase::done) {
        EXPECT_NE(current, k_old_key);
        EXPECT_FALSE(sim.is_live_value(k_old_key)) << "old key revoked";
        EXPECT_EQ(rerun.exit_code, 0);
    } else {
        EXPECT_EQ(current, k_old_key);
        EXPECT_EQ(rerun.exit_code, 1);
    }
    expect_no_key_text();
}

INSTANTIATE_TEST_SUITE_P(EveryCheckpoint, RotateKeysCrash,
                         ::testing::Values("started", "did:create", "created", "did:store",
                                           "stored", "did:verify", "verified", "promoting",
                                           "did:promote", "promoted", "did:revoke"));

TEST_F(RotateKeysEngine, GraceKeepsTheOldKeyUntilItEnds) {
    spec = make_spec("1h");
    const RotationReport first = rotate();
    EXPECT_EQ(first.action, "in_grace");
    EXPECT_EQ(first.exit_code, 0);
    EXPECT_TRUE(sim.is_live_value(k_old_key));
    EXPECT_EQ(rotate().action, "in_grace") << "a rerun inside the grace period waits";
    EXPECT_TRUE(sim.is_live_value(k_old_key));
    tc.clock.advance(Duration{61 * 60'000});
    const RotationReport later = rotate();
    EXPECT_EQ(later.action, "resumed");
    EXPECT_FALSE(sim.is_live_value(k_old_key));
    EXPECT_EQ(sim.live_count(), 1);
}

TEST_F(RotateKeysEngine, LockHeldByALiveOwnerExits75AndChangesNothing) {
    ASSERT_TRUE(*state->acquire_lock("rotate-keys/ci", "otherhost:99:bbbb", Duration{600'000}));
    const RotationReport report = rotate();
    EXPECT_EQ(report.action, "locked");
    EXPECT_EQ(report.exit_code, 75);
    EXPECT_EQ(current_key(), k_old_key);
    EXPECT_EQ(sim.live_count(), 1);
}

TEST_F(RotateKeysEngine, LockOfAHolderLeftAsAZombieIsTakenOverAtOnce) {
    owner_is_dead = real_system_hooks().owner_is_dead;
    const HolderProcess holder(HolderProcess::Fate::zombie);
    ASSERT_EQ(kill(holder.identity().pid, 0), 0) << "kill(pid, 0) alone would call it alive";
    const std::string owner = make_lock_owner(this_host(), holder.identity(), "dead");
    ASSERT_TRUE(*state->acquire_lock("rotate-keys/ci", owner, Duration{600'000}));
    const RotationReport report = rotate();
    EXPECT_EQ(report.action, "rotated") << "no wait for the 10-minute TTL";
    EXPECT_EQ(report.exit_code, 0);
    EXPECT_NE(current_key(), k_old_key);
}

TEST_F(RotateKeysEngine, LockInTheOldTokenFormatOfAZombieIsTakenOverToo) {
    owner_is_dead = real_system_hooks().owner_is_dead;
    const HolderProcess holder(HolderProcess::Fate::zombie);
    const std::string owner = this_host() + ":" + std::to_string(holder.identity().pid) + ":old";
    ASSERT_TRUE(*state->acquire_lock("rotate-keys/ci", owner, Duration{600'000}));
    EXPECT_EQ(rotate().action, "rotated");
}

TEST_F(RotateKeysEngine, LockOfALiveHolderOnThisHostStillBlocks) {
    owner_is_dead = real_system_hooks().owner_is_dead;
    const HolderProcess holder(HolderProcess::Fate::alive);
    const std::string owner = make_lock_owner(this_host(), holder.identity(), "live");
    ASSERT_TRUE(*state->acquire_lock("rotate-keys/ci", owner, Duration{600'000}));
    const RotationReport report = rotate();
    EXPECT_EQ(report.action, "locked");
    EXPECT_EQ(report.exit_code, 75);
    EXPECT_EQ(current_key(), k_old_key);
}

TEST_F(RotateKeysEngine, LockWhosePidNowBelongsToAnotherProcessIsTakenOver) {
    owner_is_dead = real_system_hooks().owner_is_dead;
    const HolderProcess other(HolderProcess::Fate::alive);
    process::ProcessIdentity earlier = other.identity();
    earlier.start_time -= 1;  // the holder that had this pid started before it
    ASSERT_TRUE(*state->acquire_lock("rotate-keys/ci", make_lock_owner(this_host(), earlier, "x"),
                                     Duration{600'000}));
    EXPECT_EQ(rotate().action, "rotated");
}

TEST_F(RotateKeysEngine, AbortRollsBackBeforePromotionAndIsRefusedAfter) {
    EXPECT_THROW(rotate(Mode::rotate, "verified"), Crash);
    const RotationReport aborted = rotate(Mode::abort);
    EXPECT_EQ(aborted.action, "aborted");
    EXPECT_EQ(aborted.exit_code, 0);
    EXPECT_EQ(current_key(), k_old_key);
    EXPECT_EQ(sim.live_count(), 1);

    EXPECT_THROW(rotate(Mode::rotate, "promoted"), Crash);
    const RotationReport refused = rotate(Mode::abort);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(rotate(Mode::resume).action, "resumed");
    EXPECT_EQ(sim.live_count(), 1);
}

TEST_F(RotateKeysEngine, ResumeWithNothingInterruptedDoesNothing) {
    const RotationReport report = rotate(Mode::resume);
    EXPECT_EQ(report.action, "nothing_to_do");
    EXPECT_EQ(sim.live_count(), 1);
}

}  // namespace
}  // namespace lifeline::rotate
