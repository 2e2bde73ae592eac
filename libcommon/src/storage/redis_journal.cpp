// RedisStore's JournalStore: the rotation journal's versioned values, written by
// compare-and-set in one script.
#include "redis_codec.hpp"
#include "redis_scripts.hpp"
#include "redis_store.hpp"

namespace lifeline::state {

namespace scripts = redis_scripts;

Result<std::optional<JournalEntry>> RedisStore::journal_get(const std::string& key_name) {
    RedisReply fields =
        LIFELINE_TRY(m_client->command({"HMGET", key("journal:" + key_name), "value", "version"}));
    auto entry = decode_journal_fields(fields);
    if (!entry) {
        return fail(ErrorCode::io, "state store " + describe() + ": journal key " + key_name +
                                       ": " + entry.error().message);
    }
    return entry;
}

Result<int64_t> RedisStore::journal_cas(const std::string& key_name, int64_t expected_version,
                                        const std::string& value) {
    return journal_write(key_name, expected_version, value, false);
}

Status RedisStore::journal_erase(const std::string& key_name, int64_t expected_version) {
    LIFELINE_TRY(journal_write(key_name, expected_version, "", true));
    return {};
}

Result<int64_t> RedisStore::journal_write(const std::string& key_name, int64_t expected_version,
                                          const std::string& value, bool erase) {
    RedisReply reply =
        LIFELINE_TRY(m_client->eval(scripts::k_journal_cas, {key("journal:" + key_name)},
                                    {std::to_string(expected_version), value, erase ? "1" : "0"}));
    if (reply.elements.size() != 2) {
        return fail(ErrorCode::io, "state store " + describe() + ": unexpected journal reply");
    }
    if (reply.elements[0].integer != 1) {
        return fail(ErrorCode::conflict, "journal key " + key_name + " changed: expected version " +
                                             std::to_string(expected_version) + ", found " +
                                             std::to_string(reply.elements[1].integer));
    }
    return reply.elements[1].integer;
}

}  // namespace lifeline::state
