// Contract: locks with a TTL and an owner token, and the versioned journal, on every backend.
#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

using LockContract = testing::StoreTest;

TEST_P(LockContract, OneOwnerAtATime) {
    auto first = store->acquire_lock("rotate:openai", "runner-a", 30s);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_TRUE(*first);
    EXPECT_FALSE(*store->acquire_lock("rotate:openai", "runner-b", 30s));
    EXPECT_TRUE(*store->acquire_lock("rotate:openai", "runner-a", 30s));  // re-entrant
    auto holder = store->lock_holder("rotate:openai");
    ASSERT_TRUE(holder && holder->has_value());
    EXPECT_EQ((*holder)->owner, "runner-a");
    EXPECT_EQ((*holder)->expires_at, clock.now() + 30s);
    EXPECT_TRUE(*store->acquire_lock("rotate:anthropic", "runner-b", 30s));
}

TEST_P(LockContract, AnExpiredLockCanBeTakenOver) {
    ASSERT_TRUE(*store->acquire_lock("rotate:openai", "runner-a", 30s));
    clock.advance(30s);
    EXPECT_FALSE(store->lock_holder("rotate:openai")->has_value());
    EXPECT_TRUE(*store->acquire_lock("rotate:openai", "runner-b", 30s));
    auto renewed = store->renew_lock("rotate:openai", "runner-a", 30s);
    ASSERT_FALSE(renewed);
    EXPECT_EQ(renewed.error().code, ErrorCode::conflict);
}

TEST_P(LockContract, RenewingKeepsTheLockPastItsFirstTtl) {
    ASSERT_TRUE(*store->acquire_lock("rotate:openai", "runner-a", 30s));
    clock.advance(20s);
    ASSERT_TRUE(store->renew_lock("rotate:openai", "runner-a", 30s));
    clock.advance(20s);
    EXPECT_FALSE(*store->acquire_lock("rotate:openai", "runner-b", 30s));
    EXPECT_EQ((*store->lock_holder("rotate:openai"))->owner, "runner-a");
}

TEST_P(LockContract, OnlyTheOwnerReleases) {
    ASSERT_TRUE(*store->acquire_lock("rotate:openai", "runner-a", 30s));
    auto stolen = store->release_lock("rotate:openai", "runner-b");
    ASSERT_FALSE(stolen);
    EXPECT_EQ(stolen.error().code, ErrorCode::conflict);
    ASSERT_TRUE(store->release_lock("rotate:openai", "runner-a"));
    EXPECT_FALSE(store->lock_holder("rotate:openai")->has_value());
    EXPECT_TRUE(store->release_lock("rotate:openai", "runner-a"));  // not held: nothing to do
    EXPECT_TRUE(*store->acquire_lock("rotate:openai", "runner-b", 30s));
}

using JournalContract = testing::StoreTest;

TEST_P(JournalContract, CompareAndSetAdvancesTheVersion) {
    EXPECT_FALSE(store->journal_get("rotation/openai")->has_value());
    const std::string pending = R"({"step":"pending","new_key_id":"key_8f2a","old":"key_11c0"})";
    auto created = store->journal_cas("rotation/openai", 0, pending);
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_EQ(*created, 1);
    const std::string verified = "{\"step\":\"verified\",\n\"note\":\"caf\xc3\xa9\"}";
    EXPECT_EQ(*store->journal_cas("rotation/openai", 1, verified), 2);
    auto entry = store->journal_get("rotation/openai");
    ASSERT_TRUE(entry && entry->has_value());
    EXPECT_EQ((*entry)->value, verified);
    EXPECT_EQ((*entry)->version, 2);
}

TEST_P(JournalContract, AStaleWriterLosesAndChangesNothing) {
    ASSERT_TRUE(store->journal_cas("rotation/openai", 0, "pending"));
    ASSERT_TRUE(store->journal_cas("rotation/openai", 1, "verified"));
    auto stale = store->journal_cas("rotation/openai", 1, "rolled_back");
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::conflict);
    EXPECT_NE(stale.error().message.find("expected version 1, found 2"), std::string::npos)
        << stale.error().message;
    auto create_again = store->journal_cas("rotation/openai", 0, "pending");
    EXPECT_FALSE(create_again);
    EXPECT_EQ((*store->journal_get("rotation/openai"))->value, "verified");
}

TEST_P(JournalContract, EraseNeedsTheCurrentVersion) {
    ASSERT_TRUE(store->journal_cas("rotation/openai", 0, "promoted"));
    EXPECT_FALSE(store->journal_erase("rotation/openai", 7));
    ASSERT_TRUE(store->journal_erase("rotation/openai", 1));
    EXPECT_FALSE(store->journal_get("rotation/openai")->has_value());
    EXPECT_EQ(*store->journal_cas("rotation/openai", 0, "pending"), 1);
}

LIFELINE_ALL_BACKENDS(LockContract);
LIFELINE_ALL_BACKENDS(JournalContract);

}  // namespace
}  // namespace lifeline::state
