#include "journal.hpp"

#include <array>

#include "api_client.hpp"

namespace lifeline::rotate {

namespace {

constexpr std::array<std::pair<Phase, const char*>, 10> k_phases = {{
    {Phase::started, "started"},
    {Phase::created, "created"},
    {Phase::stored, "stored"},
    {Phase::verified, "verified"},
    {Phase::promoting, "promoting"},
    {Phase::promoted, "promoted"},
    {Phase::grace, "grace"},
    {Phase::done, "done"},
    {Phase::rolling_back, "rolling_back"},
    {Phase::rolled_back, "rolled_back"},
}};

}  // namespace

const char* to_string(Phase phase) {
    for (const auto& [value, name] : k_phases) {
        if (value == phase)
            return name;
    }
    return "started";
}

std::optional<Phase> parse_phase(std::string_view text) {
    for (const auto& [value, name] : k_phases) {
        if (text == name)
            return value;
    }
    return std::nullopt;
}

bool is_finished(Phase phase) {
    return phase == Phase::done || phase == Phase::rolled_back;
}

std::string encode_record(const JournalRecord& record) {
    Json json = {{"schema", "lifeline.rotation/v1"},
                 {"rotation_id", record.rotation_id},
                 {"phase", to_string(record.phase)},
                 {"owner", record.owner},
                 {"started_at", record.started_at},
                 {"updated_at", record.updated_at},
                 {"new_key_name", record.new_key_name},
                 {"new_key_id", record.new_key_id},
                 {"new_fingerprint", record.new_fingerprint},
                 {"old_key_id", record.old_key_id},
                 {"old_fingerprint", record.old_fingerprint},
                 {"revoke_after", record.revoke_after},
                 {"old_revoked", record.old_revoked},
                 {"reason", record.reason},
                 {"restore_old", record.restore_old},
                 {"current_key_id", record.current_key_id},
                 {"current_fingerprint", record.current_fingerprint}};
    return json.dump();
}

Result<JournalRecord> decode_record(std::string_view text) {
    const auto json = try_parse_json(text);
    if (!json || !json->is_object() || json_string(*json, "schema") != "lifeline.rotation/v1")
        return fail(ErrorCode::parse,
                    "the rotation journal entry is not a lifeline.rotation/v1 record");
    const auto phase = parse_phase(json_string(*json, "phase"));
    if (!phase)
        return fail(ErrorCode::parse, "the rotation journal entry has an unknown phase");
    JournalRecord record;
    record.phase = *phase;
    record.rotation_id = json_string(*json, "rotation_id");
    record.owner = json_string(*json, "owner");
    record.started_at = json_string(*json, "started_at");
    record.updated_at = json_string(*json, "updated_at");
    record.new_key_name = json_string(*json, "new_key_name");
    record.new_key_id = json_string(*json, "new_key_id");
    record.new_fingerprint = json_string(*json, "new_fingerprint");
    record.old_key_id = json_string(*json, "old_key_id");
    record.old_fingerprint = json_string(*json, "old_fingerprint");
    record.revoke_after = json_string(*json, "revoke_after");
    record.old_revoked = json->contains("old_revoked") && (*json)["old_revoked"].is_boolean() &&
                         (*json)["old_revoked"].get<bool>();
    record.reason = json_string(*json, "reason");
    record.restore_old = json->contains("restore_old") && (*json)["restore_old"].is_boolean() &&
                         (*json)["restore_old"].get<bool>();
    record.current_key_id = json_string(*json, "current_key_id");
    record.current_fingerprint = json_string(*json, "current_fingerprint");
    return record;
}

Journal::Journal(state::JournalStore& store, std::string name)
    : m_store(store), m_key("rotate-keys/" + std::move(name)) {}

Result<std::optional<JournalRecord>> Journal::load() {
    auto entry = LIFELINE_TRY(m_store.journal_get(m_key));
    if (!entry) {
        m_version = 0;
        return std::optional<JournalRecord>{};
    }
    m_version = entry->version;
    return std::optional<JournalRecord>(LIFELINE_TRY(decode_record(entry->value)));
}

Status Journal::save(const JournalRecord& record) {
    auto version = m_store.journal_cas(m_key, m_version, encode_record(record));
    if (!version) {
        if (version.error().code == ErrorCode::conflict)
            return fail(ErrorCode::conflict,
                        "the rotation journal " + m_key + " was changed by another run: stopping");
        return fail(version.error());
    }
    m_version = *version;
    return {};
}

}  // namespace lifeline::rotate
