// Redis killed (SIGKILL) while writes are in flight: four writers, each with a connection of
// its own as separate runners would have, append ledger rows, reserve budget and set a circuit
// as fast as they can; the server is killed mid-loop and restarted on the same port and
// directory (`--appendonly yes --appendfsync always`). Every write that was acknowledged is
// there after the restart; a write whose reply was lost is there whole or not at all (each
// is one Lua script or one HSET, atomic in the append-only file); nothing comes back half
// written; and the writes that failed failed with a classified error naming the server.

#include <array>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include <lifeline/storage/open.hpp>

#include "fakes/fake_clock.hpp"
#include "support/local_redis.hpp"

namespace state_it {
namespace {

using lifeline::testing::LocalRedis;
namespace state = lifeline::state;

constexpr int k_writers = 4;
// A writer stops after this many failures in a row (the server is gone).
constexpr int k_failures_to_stop = 5;
const state::BudgetLimit k_budget{"in-flight", 1e9, lifeline::Duration{0}};
constexpr auto k_circuit_retry = std::chrono::minutes(10);

// The ledger row writer `w` writes as its `i`-th: every field derived from (w, i), so a row
// read back can be checked field by field.
state::LedgerEntry row(const lifeline::Clock& clock, int w, int i) {
    state::LedgerEntry entry;
    entry.time = clock.now() + std::chrono::milliseconds(i);
    entry.run_id = "w" + std::to_string(w) + "-" + std::to_string(i);
    entry.session = "in-flight";
    entry.lane = "code";
    entry.provider = "provider-" + std::to_string(w);
    entry.model = "model-" + std::to_string(i);
    entry.attempt = i + 1;
    entry.input_tokens = i;
    entry.output_tokens = 2 * i;
    entry.duration_ms = 3 * i;
    return entry;
}

state::CircuitState circuit(const lifeline::Clock& clock, int w, int i) {
    state::CircuitState open;
    open.phase = state::CircuitPhase::open;
    open.opened_at = clock.now() + std::chrono::milliseconds(i);
    open.retry_at = *open.opened_at + k_circuit_retry;
    open.trial_owner = "w" + std::to_string(w);
    return open;
}

struct Writer {
    int rows = 0;          // rows 0 .. rows-1 acknowledged
    int reservations = 0;  // reservations of 1 acknowledged
    int circuits = 0;      // circuit writes acknowledged (the last one: index circuits - 1)
    std::vector<lifeline::Error> errors;
    std::string open_error;
};

// Writes until `k_failures_to_stop` calls in a row fail (the server is gone: each of them must
// fail fast, and classified). Every call's outcome is recorded; an exception or a crash ends
// the test binary, which fails the test.
void write_until_the_server_is_gone(const std::string& url, const lifeline::Clock& clock, int w,
                                    Writer& writer, std::atomic<int>& acknowledged) {
    auto opened = state::open_state_store(url, clock);
    if (!opened) {
        writer.open_error = opened.error().to_string();
        return;
    }
    state::StateStore& store = *opened->store;
    int failures_in_a_row = 0;
    auto acked = [&] {
        failures_in_a_row = 0;
        acknowledged.fetch_add(1);
    };
    auto failed = [&](const lifeline::Error& error) {
        writer.errors.push_back(error);
        ++failures_in_a_row;
    };
    while (failures_in_a_row < k_failures_to_stop) {
        // A row whose write failed keeps its index for the next one: a lost reply may still
        // have written it, and the check afterwards allows exactly that one.
        if (auto appended = store.append_ledger(row(clock, w, writer.rows)); !appended) {
            failed(appended.error());
            continue;
        }
        acked();
        ++writer.rows;
        if (auto reserved = store.reserve(k_budget, 1.0, std::chrono::hours(1)); !reserved) {
            failed(reserved.error());
        } else {
            acked();
            writer.reservations += reserved->granted ? 1 : 0;
        }
        const std::string name = "w" + std::to_string(w);
        if (auto set = store.set_circuit(name, circuit(clock, w, writer.circuits)); !set) {
            failed(set.error());
        } else {
            acked();
            ++writer.circuits;
        }
    }
}

TEST(RedisKilledInFlight, EveryAcknowledgedWriteSurvivesAndNothingComesBackHalfWritten) {
    LocalRedis redis(LocalRedis::Persistence::fsync_always);
    if (!redis.installed())
        GTEST_SKIP() << redis.error();
    ASSERT_TRUE(redis.ready()) << redis.error();
    lifeline::testing::FakeClock clock;
    const std::string url = redis.url();

    std::array<Writer, k_writers> writers;
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < k_writers; ++w) {
        threads.emplace_back(write_until_the_server_is_gone, url, std::cref(clock), w,
                             std::ref(writers[static_cast<size_t>(w)]), std::ref(acknowledged));
    }
    // Mid-loop: the writers are busy (several hundred writes acknowledged) when it dies.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (acknowledged.load() < 600 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    redis.kill();
    for (std::thread& thread : threads)
        thread.join();

    const std::string where = "127.0.0.1:" + std::to_string(redis.port());
    int failed = 0;
    for (const Writer& writer : writers) {
        ASSERT_EQ(writer.open_error, "");
        ASSERT_GT(writer.rows, 0) << "a writer wrote nothing before the kill";
        ASSERT_EQ(writer.errors.size(), static_cast<size_t>(k_failures_to_stop));
        for (const lifeline::Error& error : writer.errors) {
            ++failed;
            // Classified: the store is unavailable (or its reply timed out), naming the server.
            EXPECT_TRUE(error.code == lifeline::ErrorCode::unavailable ||
                        error.code == lifeline::ErrorCode::timeout)
                << error.to_string();
            EXPECT_NE(error.message.find(where), std::string::npos) << error.to_string();
        }
    }

    ASSERT_TRUE(redis.restart()) << redis.error();
    auto reopened = state::open_state_store(url, clock);
    ASSERT_TRUE(reopened) << reopened.error().to_string();
    state::StateStore& store = *reopened->store;

    // The ledger reads back whole: a half-written member would fail the query.
    state::LedgerQuery query;
    query.session = "in-flight";
    auto rows = store.query_ledger(query);
    ASSERT_TRUE(rows) << rows.error().to_string();
    std::map<std::string, int> seen;
    int in_flight_rows = 0;
    for (const state::LedgerEntry& entry : *rows) {
        ++seen[entry.run_id];
        const int w = std::stoi(entry.run_id.substr(1, entry.run_id.find('-') - 1));
        const int i = std::stoi(entry.run_id.substr(entry.run_id.find('-') + 1));
        ASSERT_GE(w, 0);
        ASSERT_LT(w, k_writers);
        EXPECT_EQ(entry, row(clock, w, i)) << entry.run_id << " came back changed";
        const int acked = writers[static_cast<size_t>(w)].rows;
        // At most the one row whose reply the kill swallowed, beyond the acknowledged ones.
        EXPECT_LE(i, acked) << entry.run_id << " was never sent";
        if (i == acked)
            ++in_flight_rows;
    }
    int acked_rows = 0;
    for (int w = 0; w < k_writers; ++w) {
        for (int i = 0; i < writers[static_cast<size_t>(w)].rows; ++i) {
            const std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
            EXPECT_EQ(seen[id], 1) << "acknowledged row " << id << " lost or doubled";
            ++acked_rows;
        }
    }

    // Budget: every acknowledged reservation is held; at most one per writer more (in flight).
    int acked_reservations = 0;
    for (const Writer& writer : writers)
        acked_reservations += writer.reservations;
    auto usage = store.budget_usage(k_budget);
    ASSERT_TRUE(usage) << usage.error().to_string();
    EXPECT_GE(usage->used, acked_reservations);
    EXPECT_LE(usage->used, acked_reservations + k_writers);

    // Circuits: each is one of the states its writer set, whole (no field missing or from
    // another write): the last acknowledged one, or the one in flight after it.
    for (int w = 0; w < k_writers; ++w) {
        const int acked = writers[static_cast<size_t>(w)].circuits;
        auto read = store.get_circuit("w" + std::to_string(w));
        ASSERT_TRUE(read) << read.error().to_string();
        EXPECT_TRUE(*read == circuit(clock, w, acked - 1) || *read == circuit(clock, w, acked))
            << "circuit of w" << w << " is not a state it set: opened_at "
            << (read->opened_at ? lifeline::to_unix_ms(*read->opened_at) : -1) << ", retry_at "
            << (read->retry_at ? lifeline::to_unix_ms(*read->retry_at) : -1) << ", owner "
            << read->trial_owner;
    }
    std::cout << "[ measure  ] killed with " << acked_rows << " rows, " << acked_reservations
              << " reservations acknowledged; " << in_flight_rows
              << " rows written whose reply was lost; " << failed << " calls failed, classified\n";
}

}  // namespace
}  // namespace state_it
