// Faults: a locked, corrupt, foreign or too-new SQLite file and a Redis server that dies or
// never answers all give clear errors; nothing is silently recreated or lost.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sqlite3.h>

#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A second, raw connection that does what another process might do to the file.
class RawSqlite {
  public:
    explicit RawSqlite(const std::string& path) { sqlite3_open(path.c_str(), &m_db); }
    ~RawSqlite() { sqlite3_close(m_db); }
    int exec(const std::string& sql) {
        return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
    }

  private:
    sqlite3* m_db = nullptr;
};

class SqliteFaults : public testing::StoreTest {
  protected:
    StateOpenOptions options() const override {
        StateOpenOptions fast;
        fast.busy_timeout = 200ms;
        return fast;
    }
    std::string path() const { return dir.file("state.db"); }
    Result<OpenedStateStore> reopen() { return open_state_store(m_url, clock, options()); }
};

TEST_P(SqliteFaults, ALockedFileIsUnavailableAfterTheBusyTimeoutThenRecovers) {
    RawSqlite other(path());
    ASSERT_EQ(other.exec("BEGIN EXCLUSIVE; INSERT INTO journal VALUES ('held', 'x', 1);"),
              SQLITE_OK);
    LedgerEntry entry;
    entry.session = "pr-12";
    entry.input_tokens = 1200;
    auto blocked = store->append_ledger(entry);
    ASSERT_FALSE(blocked);
    EXPECT_EQ(blocked.error().code, ErrorCode::unavailable);
    EXPECT_NE(blocked.error().message.find("locked"), std::string::npos) << blocked.error().message;
    EXPECT_NE(blocked.error().message.find(path()), std::string::npos) << blocked.error().message;
    EXPECT_FALSE(store->reserve({"daily", 10, 24h}, 1, 1h));

    ASSERT_EQ(other.exec("COMMIT"), SQLITE_OK);
    ASSERT_TRUE(store->append_ledger(entry));
    EXPECT_EQ(store->ledger_totals({})->input_tokens, 1200);
    EXPECT_EQ((*store->journal_get("held"))->value, "x");
}

TEST_P(SqliteFaults, ACorruptFileIsRefusedAndLeftAlone) {
    store.reset();
    std::filesystem::remove(path() + "-wal");
    std::filesystem::remove(path() + "-shm");
    const std::string garbage(8192, '\x5a');
    std::ofstream(path(), std::ios::binary | std::ios::trunc) << garbage;
    auto opened = reopen();
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::io);
    EXPECT_NE(opened.error().message.find("corrupt"), std::string::npos) << opened.error().message;
    EXPECT_EQ(read_all(path()), garbage);  // never silently recreated
}

TEST_P(SqliteFaults, ASchemaNewerThanThisBuildIsRefused) {
    ASSERT_TRUE(store->journal_cas("rotation/openai", 0, "pending"));
    store.reset();
    RawSqlite(path()).exec("UPDATE schema_version SET version = 99");
    auto opened = reopen();
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::unsupported);
    EXPECT_NE(opened.error().message.find("schema version 99"), std::string::npos)
        << opened.error().message;
    RawSqlite(path()).exec("UPDATE schema_version SET version = 1");
    auto again = reopen();
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ((*again->store->journal_get("rotation/openai"))->value, "pending");
}

TEST_P(SqliteFaults, AnotherApplicationsDatabaseIsNotTouched) {
    const std::string foreign = dir.file("app.db");
    RawSqlite(foreign).exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
    auto opened = open_state_store("sqlite://" + foreign, clock, options());
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::io);
    EXPECT_NE(opened.error().message.find("not a lifeline state store"), std::string::npos)
        << opened.error().message;
}

TEST_P(SqliteFaults, DataSurvivesClosingAndReopening) {
    ASSERT_TRUE(store->reserve({"daily", 50, 24h}, 20, 1h)->granted);
    store.reset();
    auto again = reopen();
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(again->store->budget_usage({"daily", 50, 24h})->used, 20);
}

INSTANTIATE_TEST_SUITE_P(Faults, SqliteFaults, ::testing::Values("sqlite"),
                         ::lifeline::testing::backend_name);

class RedisFaults : public testing::StoreTest {};

TEST_P(RedisFaults, AKilledServerGivesClearErrorsNotACrash) {
    testing::RedisServer own;
    std::string error;
    ASSERT_TRUE(own.start(error)) << error;
    auto opened = open_state_store(own.url("faults:"), clock);
    ASSERT_TRUE(opened) << opened.error().to_string();
    StateStore& doomed = *opened->store;
    ASSERT_TRUE(doomed.append_ledger(LedgerEntry{}));

    own.kill_now();
    const std::string where = "127.0.0.1:" + std::to_string(own.port());
    auto appended = doomed.append_ledger(LedgerEntry{});
    ASSERT_FALSE(appended);
    EXPECT_EQ(appended.error().code, ErrorCode::unavailable);
    EXPECT_NE(appended.error().message.find(where), std::string::npos) << appended.error().message;
    // Every later call fails the same way (reconnect is attempted and refused), none crashes.
    auto reserved = doomed.reserve({"daily", 50, 24h}, 1, 1h);
    ASSERT_FALSE(reserved);
    EXPECT_EQ(reserved.error().code, ErrorCode::unavailable);
    EXPECT_FALSE(doomed.acquire_lock("rotate:openai", "runner-a", 30s));
    EXPECT_FALSE(doomed.journal_get("rotation/openai"));
    EXPECT_FALSE(doomed.query_ledger({}));
}

TEST_P(RedisFaults, AnUnreachableServerIsNamedButItsPasswordIsNot) {
    testing::RedisServer gone;
    std::string error;
    ASSERT_TRUE(gone.start(error)) << error;
    const int port = gone.port();
    gone.kill_now();
    const std::string url =
        "redis://lifeline:hunter2-s3cr3t@127.0.0.1:" + std::to_string(port) + "/2";
    auto opened = open_state_store(url, clock);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::unavailable);
    EXPECT_NE(opened.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
        << opened.error().message;
    EXPECT_EQ(opened.error().message.find("hunter2"), std::string::npos);

    StateOpenOptions fallback;
    fallback.fallback_to_local = true;
    fallback.local_url = "sqlite://" + dir.file("local/state.db");
    auto local = open_state_store(url, clock, fallback);
    ASSERT_TRUE(local) << local.error().to_string();
    EXPECT_EQ(local->store->describe(), fallback.local_url);
    EXPECT_NE(local->warning.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
    EXPECT_NE(local->warning.find("using the local state store"), std::string::npos);
    EXPECT_EQ(local->warning.find("hunter2"), std::string::npos);
    EXPECT_TRUE(local->store->append_ledger(LedgerEntry{}));
}

TEST_P(RedisFaults, KeysLiveUnderThePrefixWithServerSideExpiry) {
    testing::RedisServer own;  // an empty server, so every key in it is ours
    std::string error;
    ASSERT_TRUE(own.start(error)) << error;
    auto opened = open_state_store(own.url("team-a:"), clock);
    ASSERT_TRUE(opened) << opened.error().to_string();
    StateStore& team_a = *opened->store;
    ASSERT_TRUE(*team_a.acquire_lock("rotate:openai", "runner-a", 30s));
    ASSERT_TRUE(team_a.reserve({"cost_usd:daily", 50, 24h}, 1, 1h)->granted);
    ASSERT_TRUE(team_a.append_ledger(LedgerEntry{}));

    redisContext* raw = redisConnect("127.0.0.1", own.port());
    ASSERT_TRUE(raw && raw->err == 0);
    auto* ttl = static_cast<redisReply*>(redisCommand(raw, "PTTL team-a:lock:rotate:openai"));
    ASSERT_NE(ttl, nullptr);
    EXPECT_GT(ttl->integer, 0);
    EXPECT_LE(ttl->integer, 30'000);
    freeReplyObject(ttl);
    auto* keys = static_cast<redisReply*>(redisCommand(raw, "KEYS *"));
    ASSERT_NE(keys, nullptr);
    EXPECT_GE(keys->elements, 4u);
    for (std::size_t i = 0; i < keys->elements; ++i) {
        EXPECT_EQ(std::string(keys->element[i]->str).rfind("team-a:", 0), 0u)
            << keys->element[i]->str;
    }
    freeReplyObject(keys);
    redisFree(raw);

    // Another prefix on the same server is another store.
    auto other = open_state_store(own.url("team-b:"), clock);
    ASSERT_TRUE(other);
    EXPECT_TRUE(*other->store->acquire_lock("rotate:openai", "runner-b", 30s));
}

INSTANTIATE_TEST_SUITE_P(Faults, RedisFaults, ::testing::Values("redis"),
                         ::lifeline::testing::backend_name);

}  // namespace
}  // namespace lifeline::state
