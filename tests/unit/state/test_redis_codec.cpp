// The Redis backend's stored forms read back: JSON records and hash fields another build, a
// hand edit or a damaged store may have written. Anything not ours is an io error or the
// documented default, never undefined behaviour or an exception.
#include <gtest/gtest.h>

#include "redis_codec.hpp"

namespace lifeline::state {
namespace {

const char* const k_ledger_row =
    R"({"time_ms":1767225600000,"run_id":"run-1","session":"s1","lane":"default",)"
    R"("provider":"openai","model":"gpt-4o-mini","vendor":"openai","attempt":2,)"
    R"("class":"overloaded","input_tokens":1200,"output_tokens":300,"cached_tokens":200,)"
    R"("cost_usd":0.0042,"duration_ms":1800,"is_retry":true,"is_fallback":false})";

std::string with(std::string row, const std::string& field, const std::string& value) {
    const std::string key = "\"" + field + "\":";
    const size_t start = row.find(key) + key.size();
    row.replace(start, row.find_first_of(",}", start) - start, value);
    return row;
}

RedisReply text_reply(std::string text) {
    RedisReply reply;
    reply.type = RedisReply::Type::string;
    reply.text = std::move(text);
    return reply;
}

RedisReply fields(std::vector<RedisReply> elements) {
    RedisReply reply;
    reply.type = RedisReply::Type::array;
    reply.elements = std::move(elements);
    return reply;
}

TEST(RedisCodec, ALedgerEntryReadsBackAsWritten) {
    const auto entry = decode_ledger_entry(k_ledger_row);
    ASSERT_TRUE(entry) << entry.error().message;
    EXPECT_EQ(entry->attempt, 2);
    EXPECT_EQ(entry->failure, FailureClass::overloaded);
    const auto again = decode_ledger_entry(encode_ledger_entry(*entry));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *entry);
}

// Found by the state_rows and budget_ledger fuzz targets: a float beyond int64 in an integer
// field ("time_ms": 1.7e21, "input_tokens": 1e300) was converted by nlohmann::json's get<int64_t>,
// which is undefined behaviour. Numbers that are not whole numbers in the field's range are now
// unreadable (io), like any other value this build does not write.
TEST(RedisCodec, NumbersThatAreNotWholeNumbersInRangeAreUnreadable) {
    for (const auto& [field, value] :
         std::vector<std::pair<std::string, std::string>>{{"time_ms", "1.7672256000006e21"},
                                                          {"input_tokens", "12001e300"},
                                                          {"duration_ms", "-1e300"},
                                                          {"output_tokens", "300.5"},
                                                          {"cached_tokens", "18446744073709551615"},
                                                          {"attempt", "4294967298"}}) {
        const auto entry = decode_ledger_entry(with(k_ledger_row, field, value));
        ASSERT_FALSE(entry) << field << " " << value;
        EXPECT_EQ(entry.error().code, ErrorCode::io);
        EXPECT_NE(entry.error().message.find(field), std::string::npos) << entry.error().message;
    }
    const auto observation = decode_observation(
        "openai/gpt-4o",
        R"({"class":null,"latency_ms":1e300,"http_status":200,"time_ms":0,"retry_after_ms":null})");
    ASSERT_FALSE(observation);
    EXPECT_EQ(observation.error().code, ErrorCode::io);
}

// Found by reading the store's hash decoders for the state_rows fuzz target: a journal version
// was read as a double and cast to int64, undefined behaviour for "1e300".
TEST(RedisCodec, AJournalVersionThatIsNotAWholeNumberIsAnError) {
    for (const char* version : {"1e300", "3.5", "x", "", " 3", "99999999999999999999"}) {
        const auto entry = decode_journal_fields(fields({text_reply("{}"), text_reply(version)}));
        ASSERT_FALSE(entry) << version;
        EXPECT_EQ(entry.error().code, ErrorCode::io);
    }
    const auto entry = decode_journal_fields(fields({text_reply("{}"), text_reply("3")}));
    ASSERT_TRUE(entry);
    ASSERT_TRUE(entry->has_value());
    EXPECT_EQ((*entry)->version, 3);
    const auto never = decode_journal_fields(fields({RedisReply{}, RedisReply{}}));
    ASSERT_TRUE(never);
    EXPECT_FALSE(never->has_value());
}

TEST(RedisCodec, ACircuitReadsBackAndUnknownValuesAreTheDefaults) {
    CircuitState open;
    open.phase = CircuitPhase::open;
    open.opened_at = from_unix_ms(1767225600000);
    open.retry_at = from_unix_ms(1767225630000);
    const auto written = encode_circuit_fields(open);
    std::vector<RedisReply> values;
    for (size_t i = 1; i < written.size(); i += 2)
        values.push_back(text_reply(written[i]));
    EXPECT_EQ(decode_circuit_fields(fields(values)), open);

    const CircuitState odd =
        decode_circuit_fields(fields({text_reply("ajar"), text_reply("99999999999999999999"),
                                      text_reply(""), RedisReply{}, RedisReply{}}));
    EXPECT_EQ(odd.phase, CircuitPhase::closed);
    EXPECT_EQ(odd.opened_at, SystemTime::max());  // saturates
    EXPECT_FALSE(odd.retry_at);
    EXPECT_EQ(decode_circuit_fields(fields({text_reply("open")})), CircuitState{});
}

}  // namespace
}  // namespace lifeline::state
