// State URLs and the factory (backend selection, relative paths, secrets kept out of text).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <lifeline/state/state_url.hpp>
#include <lifeline/storage/open.hpp>

#include "fake_clock.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::state {
namespace {

TEST(StateUrl, ParsesSqliteAbsoluteAndRelativePaths) {
    auto absolute = parse_state_url("sqlite:///var/lib/lifeline/state.db");
    ASSERT_TRUE(absolute);
    EXPECT_EQ(absolute->backend, StateBackend::sqlite);
    EXPECT_EQ(absolute->path, "/var/lib/lifeline/state.db");
    EXPECT_EQ(parse_state_url("sqlite://.lifeline/state.db")->path, ".lifeline/state.db");
    EXPECT_EQ(parse_state_url(k_default_state_url)->path, ".lifeline/state.db");
    EXPECT_EQ(parse_state_url("memory:")->backend, StateBackend::memory);
}

TEST(StateUrl, ParsesRedisWithCredentialsDatabaseAndPrefix) {
    auto url = parse_state_url("redis://ci:p%40ss%2Fword@cache.internal:6380/3?prefix=team-a:");
    ASSERT_TRUE(url) << url.error().to_string();
    EXPECT_EQ(url->backend, StateBackend::redis);
    EXPECT_EQ(url->host, "cache.internal");
    EXPECT_EQ(url->port, 6380);
    EXPECT_EQ(url->database, 3);
    EXPECT_EQ(url->user, "ci");
    EXPECT_EQ(url->password, "p@ss/word");
    EXPECT_EQ(url->prefix, "team-a:");
    EXPECT_EQ(url->redacted(), "redis://ci:***@cache.internal:6380/3");

    auto plain = parse_state_url("redis://localhost");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->port, 6379);
    EXPECT_EQ(plain->database, 0);
    EXPECT_EQ(plain->prefix, "lifeline:");
    EXPECT_EQ(parse_state_url("redis://[::1]:7000/0")->host, "::1");
}

TEST(StateUrl, RejectsBadUrlsWithoutEchoingThePassword) {
    for (const char* bad : {"postgres://db/state", "sqlite://", "redis://:s3cret@host:99999/0",
                            "redis://:s3cret@host:6379/zero", "redis://host:6379/0?ttl=5"}) {
        auto parsed = parse_state_url(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().code, ErrorCode::invalid_input);
        EXPECT_EQ(parsed.error().message.find("s3cret"), std::string::npos)
            << parsed.error().message;
    }
}

TEST(OpenStateStore, CreatesTheDirectoryOfARelativeSqlitePath) {
    testing::TempDir dir;
    testing::FakeClock clock;
    const std::string url = "sqlite://" + dir.path() + "/nested/.lifeline/state.db";
    auto opened = open_state_store(url, clock);
    ASSERT_TRUE(opened) << opened.error().to_string();
    EXPECT_TRUE(opened->warning.empty());
    EXPECT_EQ(opened->store->describe(), url);
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/nested/.lifeline/state.db"));
}

TEST(OpenStateStore, FallbackNeverHidesABrokenSqliteFile) {
    testing::TempDir dir;
    testing::FakeClock clock;
    std::ofstream(dir.file("state.db")) << "garbage garbage garbage garbage";
    StateOpenOptions options;
    options.fallback_to_local = true;
    options.local_url = "memory:";
    auto opened = open_state_store("sqlite://" + dir.file("state.db"), clock, options);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::io);
}

}  // namespace
}  // namespace lifeline::state
