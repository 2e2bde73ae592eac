#pragma once
// How the Redis backend stores records: JSON strings (observations, ledger entries) and hash
// fields (circuits, locks, journal entries), and how it reads them back. Values in Redis may be
// written by another build or by hand, so every decoder takes any bytes. Private to the state
// module; nlohmann::json stays behind this border.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/state/circuit.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

#include "redis_client.hpp"

namespace lifeline::state {

std::string encode_observation(const Observation& observation);
// `candidate` comes from the key; io error for a value that is not ours (not JSON, a field
// missing or of another type, a number that is not a whole number in the field's range).
Result<Observation> decode_observation(const std::string& candidate, const std::string& json);

std::string encode_ledger_entry(const LedgerEntry& entry);
// io error for a value that is not ours, as decode_observation.
Result<LedgerEntry> decode_ledger_entry(const std::string& json);

// The circuit hash's fields and values for HSET: phase, opened_at, retry_at, trial_owner,
// trial_until (times in Unix ms, "" for none).
std::vector<std::string> encode_circuit_fields(const CircuitState& circuit);
// The reply of HMGET phase opened_at retry_at trial_owner trial_until. A hash never written
// (nil phase, or not five fields) is closed; an unknown phase reads as closed; a time that is
// nil or "" is none, one outside SystemTime saturates.
CircuitState decode_circuit_fields(const RedisReply& fields);

// The reply of HMGET owner expires_at; nullopt when nobody holds the lock (nil owner) or it
// has no expiry. Whether it is still live is the caller's question.
std::optional<LockInfo> decode_lock_fields(const RedisReply& fields);

// The reply of HMGET value version; nullopt when the key was never written (nil version). io
// error for a version that is not a whole number (the journal script writes only those).
Result<std::optional<JournalEntry>> decode_journal_fields(const RedisReply& fields);

}  // namespace lifeline::state
