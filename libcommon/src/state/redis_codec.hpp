#pragma once
// JSON encoding of the records the Redis backend stores as strings. Private to the state
// module; nlohmann::json stays behind this border.

#include <string>

#include <lifeline/state/health.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::state {

std::string encode_observation(const Observation& observation);
// `candidate` comes from the key; io error for a value that is not ours.
Result<Observation> decode_observation(const std::string& candidate, const std::string& json);

std::string encode_ledger_entry(const LedgerEntry& entry);
Result<LedgerEntry> decode_ledger_entry(const std::string& json);

}  // namespace lifeline::state
