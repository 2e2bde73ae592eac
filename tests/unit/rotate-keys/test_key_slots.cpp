// The keys a rotation holds: the old key looked up once (store, then $current_key_env), the
// next key recovered from the pending slot or adopted from the current one by fingerprint,
// every key tracked before it is held.
#include <gtest/gtest.h>

#include "fake_environment.hpp"
#include "key_slots.hpp"

namespace lifeline::rotate {
namespace {

// A store whose slots the test sets; counts reads of the current slot.
class SlotStore final : public SecretStore {
  public:
    std::string describe() const override { return "slots"; }
    bool readable() const override { return can_read; }
    Result<std::optional<secret::Secret>> read_current() override {
        ++current_reads;
        if (current_error)
            return fail(*current_error);
        return current;
    }
    Result<std::optional<secret::Secret>> read_pending() override { return pending; }
    Status write_pending(const secret::Secret&, const std::string&) override { return {}; }
    Status promote(const secret::Secret&, const std::string&) override { return {}; }
    Status clear_pending() override { return {}; }
    Status restore_current(const secret::Secret&) override { return {}; }

    bool can_read = true;
    std::optional<secret::Secret> current;
    std::optional<secret::Secret> pending;
    std::optional<Error> current_error;
    int current_reads = 0;
};

class RotateKeysSlots : public ::testing::Test {
  protected:
    KeySlots slots() {
        return KeySlots(store, env, "OLD_KEY", [this](const secret::Secret& key) {
            tracked.push_back(key.fingerprint());
        });
    }

    SlotStore store;
    lifeline::testing::FakeEnvironment env;
    std::vector<std::string> tracked;
    const secret::Secret old_key{std::string_view("sk-old-0000111122223333")};
    const secret::Secret new_key{std::string_view("sk-new-4444555566667777")};
};

TEST_F(RotateKeysSlots, OldKeyIsTheStoresCurrentKeyReadOnceAndTracked) {
    store.current = old_key;
    env.set("OLD_KEY", "sk-from-env");
    KeySlots keys = slots();
    ASSERT_TRUE(keys.old());
    EXPECT_EQ(keys.old()->fingerprint(), old_key.fingerprint());
    EXPECT_EQ(store.current_reads, 1);
    EXPECT_EQ(tracked, std::vector<std::string>{old_key.fingerprint()});
}

TEST_F(RotateKeysSlots, WriteOnlyStoreTakesTheOldKeyFromTheEnvironment) {
    store.can_read = false;
    env.set("OLD_KEY", "sk-from-env");
    KeySlots keys = slots();
    ASSERT_TRUE(keys.old());
    EXPECT_EQ(keys.old()->reveal(), "sk-from-env");
    EXPECT_EQ(store.current_reads, 0);
}

TEST_F(RotateKeysSlots, NoOldKeyAnywhereIsNulloptAndNotLookedUpAgain) {
    store.current_error = make_error(ErrorCode::unavailable, "down");
    KeySlots keys = slots();
    EXPECT_FALSE(keys.old());
    EXPECT_FALSE(keys.old());
    EXPECT_EQ(store.current_reads, 1);
    EXPECT_TRUE(tracked.empty());
}

TEST_F(RotateKeysSlots, PendingSlotIsRecoveredOnlyWithTheJournaledFingerprint) {
    store.pending = new_key;
    KeySlots keys = slots();
    EXPECT_FALSE(keys.recover_pending(old_key.fingerprint()));
    EXPECT_EQ(keys.next(), nullptr);
    EXPECT_TRUE(keys.recover_pending(new_key.fingerprint()));
    ASSERT_NE(keys.next(), nullptr);
    EXPECT_EQ(keys.next()->fingerprint(), new_key.fingerprint());
    EXPECT_TRUE(keys.next_from_pending());
    EXPECT_EQ(tracked, std::vector<std::string>{new_key.fingerprint()});
}

TEST_F(RotateKeysSlots, WriteOnlyStoreRecoversNothing) {
    store.can_read = false;
    store.pending = new_key;
    KeySlots keys = slots();
    EXPECT_FALSE(keys.recover_pending(new_key.fingerprint()));
    EXPECT_EQ(keys.next(), nullptr);
}

TEST_F(RotateKeysSlots, CurrentSlotIsAdoptedAsTheNextKeyWhenAlreadyPromoted) {
    store.current = old_key;
    KeySlots keys = slots();
    const auto other = keys.adopt_current(new_key.fingerprint());
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other);
    EXPECT_EQ(keys.next(), nullptr);

    store.current = new_key;
    const auto adopted = keys.adopt_current(new_key.fingerprint());
    ASSERT_TRUE(adopted);
    EXPECT_TRUE(*adopted);
    ASSERT_NE(keys.next(), nullptr);
    EXPECT_EQ(keys.next()->fingerprint(), new_key.fingerprint());
    EXPECT_FALSE(keys.next_from_pending());

    store.current_error = make_error(ErrorCode::unavailable, "down");
    EXPECT_FALSE(slots().adopt_current(new_key.fingerprint()));
}

TEST_F(RotateKeysSlots, MintedNextKeyIsTrackedAndNotFromThePendingSlot) {
    KeySlots keys = slots();
    keys.set_next(new_key);
    ASSERT_NE(keys.next(), nullptr);
    EXPECT_EQ(keys.next()->fingerprint(), new_key.fingerprint());
    EXPECT_FALSE(keys.next_from_pending());
    EXPECT_EQ(tracked, std::vector<std::string>{new_key.fingerprint()});
}

}  // namespace
}  // namespace lifeline::rotate
