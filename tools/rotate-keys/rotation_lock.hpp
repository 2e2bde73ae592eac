#pragma once
// The per-rotation lock in the state store: a TTL lease with an owner token
// ("host:pid:nonce:start_time:boot_id"). A lease left by a process that died on this host
// (kill -9, even one left a zombie by a PID 1 that does not reap) is taken over at once instead
// of waiting for its TTL.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <lifeline/process/process_identity.hpp>
#include <lifeline/state/lock_store.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

class RotationLock {
  public:
    // `owner_is_dead(owner)` says whether a holder's process is known to be gone.
    RotationLock(state::LockStore& store, std::string name, std::string owner, Duration ttl,
                 std::function<bool(const std::string&)> owner_is_dead);
    ~RotationLock();
    RotationLock(const RotationLock&) = delete;
    RotationLock& operator=(const RotationLock&) = delete;

    // Takes the lock. conflict "held by <owner> until <time>" when a live owner holds it.
    Status acquire();
    // Extends the lease; conflict when it was lost (expired and taken by another run).
    Status renew();
    // Frees the lock (also done by the destructor); errors are ignored, the TTL ends it anyway.
    void release();

  private:
    state::LockStore& m_store;
    std::string m_name;
    std::string m_owner;
    Duration m_ttl;
    std::function<bool(const std::string&)> m_owner_is_dead;
    bool m_held = false;
};

// A lock holder as its owner token names it.
struct LockOwner {
    std::string host;
    process::ProcessIdentity process;  // start_time 0 and boot_id "" in 3-field tokens
    std::string nonce;
};

// "host:pid:nonce:start_time:boot_id" for the process `self`.
std::string make_lock_owner(const std::string& host, const process::ProcessIdentity& self,
                            const std::string& nonce);
// Reads a token of either format: "host:pid:nonce:start_time:boot_id", or "host:pid:nonce" as
// releases before the start time was recorded wrote it (its holder is then known by pid
// only). nullopt for anything else, or a pid that is not a positive number.
std::optional<LockOwner> parse_lock_owner(std::string_view token);
// True when the holder named by `token` ran on `this_host` and `probe` shows it gone (exited,
// a zombie, its pid reused, or from an earlier boot). False for another host's holder (only
// its TTL can end that lease) and for a token that cannot be parsed.
bool lock_owner_is_dead(std::string_view token, const std::string& this_host,
                        const process::ProcessProbe& probe);

}  // namespace lifeline::rotate
