#pragma once
// The keys one rotation holds in memory: the next key (minted by the issuer in this run, or
// read back from the store after a crash) and the old key (the one the store holds as current
// before the rotation). Every key is handed to `track` (redaction, ::add-mask::) before it is
// held. Fingerprints identify keys; a key's value never leaves the slots but to the caller.

#include <functional>
#include <optional>
#include <string>

#include <lifeline/core/environment.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/result.hpp>

#include "store.hpp"

namespace lifeline::rotate {

class KeySlots {
  public:
    // `store` and `env` must outlive the slots. `current_key_env` (may be empty) names the
    // variable that holds the old key when `store` cannot be read back.
    KeySlots(SecretStore& store, const Environment& env, std::string current_key_env,
             std::function<void(const secret::Secret&)> track);

    // The next key, minted by the issuer in this run.
    void set_next(secret::Secret key);
    // nullptr until set_next or a successful recover_pending / adopt_current.
    const secret::Secret* next() const { return m_next ? &*m_next : nullptr; }
    // True when the next key was read back from the pending slot (it is stored already).
    bool next_from_pending() const { return m_next_from_pending; }

    // Reads the store's pending slot: true when it holds the key with `fingerprint`, which
    // becomes the next key. False for a write-only store, an empty or other slot, or an error.
    bool recover_pending(const std::string& fingerprint);
    // Reads the store's current slot: true when it holds the key with `fingerprint` (promoted
    // before a crash), which becomes the next key; false when it holds another key or none.
    // The store's error when it cannot be read.
    Result<bool> adopt_current(const std::string& fingerprint);

    // The old key: the store's current key when the store is readable and holds one, else the
    // value of current_key_env; nullopt when neither has one. Looked up once, on first use.
    const std::optional<secret::Secret>& old();

  private:
    SecretStore& m_store;
    const Environment& m_env;
    std::string m_current_key_env;
    std::function<void(const secret::Secret&)> m_track;
    std::optional<secret::Secret> m_next;
    bool m_next_from_pending = false;
    std::optional<secret::Secret> m_old;
    bool m_old_looked_up = false;
};

}  // namespace lifeline::rotate
