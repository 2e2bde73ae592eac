// failover-proxy on a Redis state store that is killed (SIGKILL) mid-run and restarted on the
// same port and directory. Redis runs with `--appendonly yes --appendfsync always`: only then
// is every write it acknowledged on disk when it dies.

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include <lifeline/storage/open.hpp>

#include "fakes/fake_clock.hpp"
#include "proxy_harness.hpp"
#include "support/local_redis.hpp"

namespace proxy_it {
namespace {

using lifeline::testing::LocalRedis;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// cc always fails with a 500; an answers. One attempt per candidate per request.
const char* k_fleet =
    "version: 1\nproviders:\n"
    "  an: {reply: \"Hello from an.\"}\n"
    "  cc: {reply: \"Hello from cc.\", rules: [{fault: server_error}]}\n";

const char* k_config =
    "version: 1\n"
    "providers:\n"
    "  an: {kind: anthropic, base_url: \"{{url:an}}\", auth: {env: SIM_KEY}}\n"
    "  cc: {kind: openai-compatible, base_url: \"{{url:cc}}/v1\", auth: {env: SIM_KEY}}\n"
    "models:\n"
    "  claude: {provider: an, id: claude-sonnet-4-6}\n"
    "  qwen: {provider: cc, id: qwen3-coder}\n"
    "lanes:\n  code: [qwen, claude]\n"
    "retry:\n  server_error: {retries: 0}\n"
    "circuit: {consecutive_failures: 3, cooldown: 10m}\n";

const char* k_chat = R"({"model":"code","messages":[{"role":"user","content":"Say hi"}]})";
const char* k_qwen_open = "lifeline_proxy_circuit_state{candidate=\"cc/qwen\"} 1";

// The ledger rows of sessions `prefix`0 .. `prefix`<count - 1> as a fresh connection sees
// them; -1 when the store is down.
int rows_of(const std::string& url, const std::string& prefix, int count) {
    lifeline::testing::FakeClock clock;
    auto opened = lifeline::state::open_state_store(url, clock);
    if (!opened)
        return -1;
    int rows = 0;
    for (int i = 0; i < count; ++i) {
        lifeline::state::LedgerQuery query;
        query.session = prefix + std::to_string(i);
        auto found = opened->store->query_ledger(query);
        if (!found)
            return -1;
        rows += static_cast<int>(found->size());
    }
    return rows;
}

// A session of its own per request: a session stays on the candidate it moved to.
lifeline::http::Headers session(const std::string& prefix, int i) {
    return {{"session-id", prefix + std::to_string(i)}};
}

TEST(FailoverProxyRedisRestart, ServesThroughAnOutageAndWritesAgainAfterARestartWithoutLosingRows) {
    LocalRedis redis(LocalRedis::Persistence::fsync_always);
    if (!redis.installed())
        GTEST_SKIP() << redis.error();
    ASSERT_TRUE(redis.ready()) << redis.error();
    ProxyOptions options;
    options.state = redis.url();
    ProxyRig rig(k_fleet, k_config, options);
    ASSERT_TRUE(rig.ready());

    // Before: three requests fail over from cc/qwen (3 failures open its circuit), a fourth
    // skips it. 3 x 2 + 1 rows, all acknowledged by Redis before it dies.
    for (int i = 0; i < 4; ++i) {
        auto response = rig.post("/v1/chat/completions", k_chat, session("before-", i));
        ASSERT_EQ(response.status, 200) << response.body;
    }
    ASSERT_TRUE(
        eventually([&] { return rows_of(redis.url(), "before-", 4) == 7; }, milliseconds(5000)))
        << rows_of(redis.url(), "before-", 4);

    redis.kill();
    // During: every request is still answered, in time; the rows cannot be written and the
    // proxy says so on stderr, naming the server; /healthz stays up.
    for (int i = 0; i < 3; ++i) {
        const auto started = Clock::now();
        auto response = rig.post("/v1/chat/completions", k_chat, session("during-", i));
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_LT(Clock::now() - started, milliseconds(5000));
    }
    const std::string where = "127.0.0.1:" + std::to_string(redis.port());
    ASSERT_TRUE(eventually(
        [&] {
            const std::string err = rig.stderr_text();
            return err.find("ledger row not written") != std::string::npos &&
                   err.find(where) != std::string::npos;
        },
        milliseconds(5000)))
        << rig.stderr_text();
    EXPECT_EQ(rig.get("/healthz", false).status, 200);

    ASSERT_TRUE(redis.restart()) << redis.error();
    // Every row acknowledged before the kill survived it.
    EXPECT_EQ(rows_of(redis.url(), "before-", 4), 7);
    // The same proxy, never restarted, writes again: every request after the restart is in the
    // ledger (the writer reconnects by itself).
    for (int i = 0; i < 3; ++i) {
        auto response = rig.post("/v1/chat/completions", k_chat, session("after-", i));
        ASSERT_EQ(response.status, 200) << response.body;
    }
    EXPECT_TRUE(
        eventually([&] { return rows_of(redis.url(), "after-", 3) == 3; }, milliseconds(5000)))
        << rows_of(redis.url(), "after-", 3) << "\n"
        << rig.stderr_text();

    // The circuit opened before the kill is still honoured: a replica started now, which never
    // sent cc/qwen a request, reads it from the restarted Redis and skips cc/qwen.
    auto peer = rig.start_peer(options);
    ASSERT_TRUE(peer->ready());
    EXPECT_TRUE(eventually(
        [&] { return peer->get("/metrics", false).body.find(k_qwen_open) != std::string::npos; },
        milliseconds(3000)))
        << peer->get("/metrics", false).body;
    auto response = peer->post("/v1/chat/completions", k_chat, {{"session-id", "peer"}});
    ASSERT_EQ(response.status, 200) << response.body;
    auto log = peer->access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_candidates(log[0]), (std::vector<std::string>{"an/claude"}));
}

}  // namespace
}  // namespace proxy_it
