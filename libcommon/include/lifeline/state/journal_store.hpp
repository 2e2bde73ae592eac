#pragma once
// JournalStore: versioned values written by compare-and-set (the key-rotation journal).
// Errors as in store.hpp.

#include <cstdint>
#include <optional>
#include <string>

#include <lifeline/util/result.hpp>

namespace lifeline::state {

// A journal value and its version (1 for the first write, +1 per successful cas).
struct JournalEntry {
    std::string value;
    int64_t version = 0;
};

class JournalStore {
  public:
    virtual ~JournalStore() = default;

    // The value under `key`; nullopt when never written (or erased).
    virtual Result<std::optional<JournalEntry>> journal_get(const std::string& key) = 0;
    // Writes `value` when the current version is `expected_version` (0: key must not exist);
    // returns the new version. conflict when the version differs.
    virtual Result<int64_t> journal_cas(const std::string& key, int64_t expected_version,
                                        const std::string& value) = 0;
    // Removes `key` when its version is `expected_version`; conflict otherwise.
    virtual Status journal_erase(const std::string& key, int64_t expected_version) = 0;
};

}  // namespace lifeline::state
