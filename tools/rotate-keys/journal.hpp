#pragma once
// The rotation journal: one record per rotation name in the state store, written with
// compare-and-set after every step, so a rerun knows exactly where an interrupted rotation
// stopped. It holds ids and fingerprints only, never a key.

#include <optional>
#include <string>

#include <lifeline/state/journal_store.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

// The last step that is known to have completed.
enum class Phase {
    started,       // journal opened, lock held; the new key's name is fixed
    created,       // the issuer minted the new key (its id is recorded)
    stored,        // the new key sits in the store's pending slot
    verified,      // a real request with the new key succeeded
    promoting,     // promotion begun: the store may hold the new key as current
    promoted,      // the new key is current; the old one is still valid
    grace,         // waiting until revoke_after to revoke the old key
    done,          // old key revoked (or left by design); the rotation is over
    rolling_back,  // undoing: discard the new key, empty the pending slot
    rolled_back,   // undone; the old key is current and untouched
};

// "started", ... "rolled_back".
const char* to_string(Phase phase);
std::optional<Phase> parse_phase(std::string_view text);
// done and rolled_back: nothing left to do.
bool is_finished(Phase phase);

struct JournalRecord {
    std::string rotation_id;
    Phase phase = Phase::started;
    std::string owner;         // the lock owner that wrote it
    std::string started_at;    // RFC 3339
    std::string updated_at;    // RFC 3339
    std::string new_key_name;  // the name the new key gets at the issuer
    std::string new_key_id;
    std::string new_fingerprint;
    std::string old_key_id;
    std::string old_fingerprint;
    std::string revoke_after;  // RFC 3339; set when a grace period started
    bool old_revoked = false;
    std::string reason;        // why it rolled back
    bool restore_old = false;  // the rollback must write the old key back (write-only store)
    // After done: the current key, i.e. the old key of the next rotation.
    std::string current_key_id;
    std::string current_fingerprint;
};

std::string encode_record(const JournalRecord& record);
// parse when the text is not a journal record.
Result<JournalRecord> decode_record(std::string_view text);

// The journal of one rotation name ("rotate-keys/<name>"). Not thread-safe.
class Journal {
  public:
    // `store` must outlive the journal.
    Journal(state::JournalStore& store, std::string name);

    // The stored record (nullopt when this name never rotated); remembers its version.
    Result<std::optional<JournalRecord>> load();
    // Writes `record` if nobody wrote since our last load/save: conflict otherwise (another
    // run took over; stop at once).
    Status save(const JournalRecord& record);

    const std::string& key() const { return m_key; }

  private:
    state::JournalStore& m_store;
    std::string m_key;
    int64_t m_version = 0;
};

}  // namespace lifeline::rotate
