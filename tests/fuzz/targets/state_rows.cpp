// The state stores' rows as read back (another replica, an older or newer build, a hand edit or
// a damaged store may have written them). The first byte picks the reader:
//   0, 1  Redis JSON strings: a health observation, a ledger entry
//   2-4   Redis hashes as HMGET returns them (one field per line, "(nil)" for nil): a circuit,
//         a lock, a journal entry
//   5     an SQLite result row of 16 typed values (NULL, integer, real, text, blob), read as an
//         observation, a circuit and a ledger entry by the SQLite store's own row decoders
//   6     a reservation id, as settle and release take it back
// A record that decodes must, once written the store's way, read back as the same record
// (times to the millisecond: a stored time outside SystemTime saturates when read).

#include <cstring>
#include <memory>
#include <string>

#include <lifeline/state/budget.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "redis_client.hpp"
#include "redis_codec.hpp"
#include "sqlite_db.hpp"
#include "sqlite_rows.hpp"

namespace lifeline::fuzz {
namespace {

using state::RedisReply;

void redis_observation(const std::string& text) {
    const auto first = state::decode_observation("openai/gpt-4o", text);
    if (!first)
        return;
    const std::string encoded = state::encode_observation(*first);
    const auto again = state::decode_observation("openai/gpt-4o", encoded);
    LIFELINE_FUZZ_CHECK(again.ok());
    LIFELINE_FUZZ_CHECK(state::encode_observation(*again) == encoded);
}

void redis_ledger(const std::string& text) {
    const auto first = state::decode_ledger_entry(text);
    if (!first)
        return;
    const std::string encoded = state::encode_ledger_entry(*first);
    const auto again = state::decode_ledger_entry(encoded);
    LIFELINE_FUZZ_CHECK(again.ok());
    LIFELINE_FUZZ_CHECK(state::encode_ledger_entry(*again) == encoded);
}

RedisReply string_reply(std::string text) {
    RedisReply reply;
    reply.type = RedisReply::Type::string;
    reply.text = std::move(text);
    return reply;
}

// One element per line; "(nil)" is a nil reply, as redis-cli shows it.
RedisReply hmget_reply(FuzzInput& input) {
    RedisReply reply;
    reply.type = RedisReply::Type::array;
    while (!input.empty()) {
        const std::string_view line = input.until("\n");
        reply.elements.push_back(line == "(nil)" ? RedisReply{} : string_reply(std::string(line)));
    }
    return reply;
}

// HSET's field/value list as HMGET of the same fields would return the values.
RedisReply values_of(const std::vector<std::string>& fields_and_values) {
    RedisReply reply;
    reply.type = RedisReply::Type::array;
    for (size_t i = 1; i < fields_and_values.size(); i += 2)
        reply.elements.push_back(string_reply(fields_and_values[i]));
    return reply;
}

void redis_circuit(FuzzInput& input) {
    const state::CircuitState first = state::decode_circuit_fields(hmget_reply(input));
    const auto encoded = state::encode_circuit_fields(first);
    const state::CircuitState again = state::decode_circuit_fields(values_of(encoded));
    LIFELINE_FUZZ_CHECK(state::encode_circuit_fields(again) == encoded);
}

void redis_lock(FuzzInput& input) {
    const auto holder = state::decode_lock_fields(hmget_reply(input));
    if (!holder)
        return;
    RedisReply stored;
    stored.type = RedisReply::Type::array;
    stored.elements = {string_reply(holder->owner),
                       string_reply(std::to_string(to_unix_ms(holder->expires_at)))};
    const auto again = state::decode_lock_fields(stored);
    LIFELINE_FUZZ_CHECK(again.has_value() && again->owner == holder->owner);
    LIFELINE_FUZZ_CHECK(to_unix_ms(again->expires_at) == to_unix_ms(holder->expires_at));
}

void redis_journal(FuzzInput& input) {
    const auto decoded = state::decode_journal_fields(hmget_reply(input));
    if (!decoded || !*decoded)
        return;
    const auto& entry = *decoded;
    RedisReply stored;
    stored.type = RedisReply::Type::array;
    stored.elements = {string_reply(entry->value), string_reply(std::to_string(entry->version))};
    const auto again = state::decode_journal_fields(stored);
    LIFELINE_FUZZ_CHECK(again.ok() && again->has_value());
    LIFELINE_FUZZ_CHECK((*again)->value == entry->value && (*again)->version == entry->version);
}

// One in-memory database for the whole run: rows are made by binding values to a SELECT of
// parameters, so every column has the type and bytes the fuzzer chose.
state::SqliteDb& row_db() {
    static const std::unique_ptr<state::SqliteDb> db = [] {
        auto opened = state::SqliteDb::open(":memory:", "fuzz", Duration{0});
        LIFELINE_FUZZ_CHECK(opened.ok());
        return std::move(*opened);
    }();
    return *db;
}

constexpr const char* k_row_sql =
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16";

state::SqliteStatement& row_statement() {
    auto statement = row_db().statement(k_row_sql);
    LIFELINE_FUZZ_CHECK(statement.ok());
    return **statement;
}

int64_t int64_of(std::string_view bytes) {
    uint64_t value = 0;
    for (const char c : bytes)
        value = value << 8 | static_cast<uint8_t>(c);
    return static_cast<int64_t>(value);
}

void bind_fuzzed(state::SqliteStatement& row, int index, FuzzInput& input) {
    const uint8_t kind = input.byte();
    switch (kind % 5) {
        case 0:
            row.bind_null(index);
            break;
        case 1:
            row.bind(index, int64_of(input.take(8)));
            break;
        case 2: {
            const int64_t bits = int64_of(input.take(8));
            double value = 0;
            static_assert(sizeof value == sizeof bits);
            std::memcpy(&value, &bits, sizeof value);
            row.bind(index, value);
            break;
        }
        default:
            // Text and blob both read back through sqlite3_column_text.
            row.bind(index, std::string(input.take(kind / 5)));
            break;
    }
}

// The row the statement holds after one step, written back with `bind` and read with `read`.
template <typename Bind, typename Read>
auto rewritten(Bind bind, Read read) {
    state::SqliteStatement& row = row_statement();
    for (int index = 1; index <= 16; ++index)
        row.bind_null(index);
    bind(row);
    const auto stepped = row.step();
    LIFELINE_FUZZ_CHECK(stepped.ok() && *stepped);
    auto record = read(row);
    row.reset();
    return record;
}

void sqlite_row(FuzzInput& input) {
    state::SqliteStatement& row = row_statement();
    for (int index = 1; index <= 16; ++index)
        bind_fuzzed(row, index, input);
    const auto stepped = row.step();
    LIFELINE_FUZZ_CHECK(stepped.ok() && *stepped);
    const state::Observation observation = state::observation_from_row(row, "openai/gpt-4o");
    const state::CircuitState circuit = state::circuit_from_row(row);
    const state::LedgerEntry entry = state::ledger_entry_from_row(row);
    row.reset();

    const auto observation_again =
        rewritten([&](state::SqliteStatement& r) { state::bind_observation(r, 1, observation); },
                  [](const state::SqliteStatement& r) {
                      return state::observation_from_row(r, "openai/gpt-4o");
                  });
    state::Observation expected_observation = observation;
    expected_observation.time = observation_again.time;
    LIFELINE_FUZZ_CHECK(observation_again == expected_observation);
    LIFELINE_FUZZ_CHECK(to_unix_ms(observation_again.time) == to_unix_ms(observation.time));

    const auto circuit_again =
        rewritten([&](state::SqliteStatement& r) { state::bind_circuit(r, 1, circuit); },
                  [](const state::SqliteStatement& r) { return state::circuit_from_row(r); });
    LIFELINE_FUZZ_CHECK(state::encode_circuit_fields(circuit_again) ==
                        state::encode_circuit_fields(circuit));

    const auto entry_again =
        rewritten([&](state::SqliteStatement& r) { state::bind_ledger_entry(r, 1, entry); },
                  [](const state::SqliteStatement& r) { return state::ledger_entry_from_row(r); });
    state::LedgerEntry expected_entry = entry;
    expected_entry.time = entry_again.time;
    // NaN is the one cost that never equals itself.
    if (entry.cost_usd && *entry.cost_usd != *entry.cost_usd) {
        LIFELINE_FUZZ_CHECK(!entry_again.cost_usd ||
                            *entry_again.cost_usd != *entry_again.cost_usd);
        expected_entry.cost_usd = entry_again.cost_usd;
    }
    LIFELINE_FUZZ_CHECK(entry_again == expected_entry);
    LIFELINE_FUZZ_CHECK(to_unix_ms(entry_again.time) == to_unix_ms(entry.time));
}

void reservation_id(const std::string& text) {
    const auto bucket = state::reservation_bucket(text);
    if (!bucket)
        return;
    LIFELINE_FUZZ_CHECK(state::reservation_bucket(state::make_reservation_id(*bucket)) == bucket);
}

}  // namespace

int fuzz_state_rows(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    switch (input.byte() % 7) {
        case 0:
            redis_observation(std::string(input.rest()));
            break;
        case 1:
            redis_ledger(std::string(input.rest()));
            break;
        case 2:
            redis_circuit(input);
            break;
        case 3:
            redis_lock(input);
            break;
        case 4:
            redis_journal(input);
            break;
        case 5:
            sqlite_row(input);
            break;
        default:
            reservation_id(std::string(input.rest()));
            break;
    }
    return 0;
}

}  // namespace lifeline::fuzz
