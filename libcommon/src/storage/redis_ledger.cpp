// RedisStore's LedgerStore: the usage ledger, a sorted set scored by time.
#include "redis_codec.hpp"
#include "redis_scripts.hpp"
#include "redis_store.hpp"

namespace lifeline::state {

namespace scripts = redis_scripts;

Status RedisStore::append_ledger(const LedgerEntry& entry) {
    LIFELINE_TRY(m_client->eval(scripts::k_append_ledger, {key("ledger"), key("ledger:seq")},
                                {ms_text(entry.time), encode_ledger_entry(entry)}));
    return {};
}

Result<std::vector<LedgerEntry>> RedisStore::query_ledger(const LedgerQuery& query) {
    // The time window is answered by the sorted set; the other filters client-side.
    const std::string min = query.since ? ms_text(*query.since) : "-inf";
    const std::string max = query.until ? "(" + ms_text(*query.until) : "+inf";
    RedisReply members =
        LIFELINE_TRY(m_client->command({"ZRANGEBYSCORE", key("ledger"), min, max}));
    std::vector<LedgerEntry> out;
    for (const RedisReply& member : members.elements) {
        const auto bar = member.text.find('|');
        if (bar == std::string::npos) {
            return fail(ErrorCode::io, "state store " + describe() +
                                           ": malformed ledger member in " + key("ledger"));
        }
        LedgerEntry entry = LIFELINE_TRY(decode_ledger_entry(member.text.substr(bar + 1)));
        if (matches(query, entry)) {
            out.push_back(std::move(entry));
        }
    }
    return out;
}

}  // namespace lifeline::state
