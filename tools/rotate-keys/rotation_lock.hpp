#pragma once
// The per-rotation lock in the state store: a TTL lease with an owner token
// ("host:pid:nonce"). A lease left by a process that died on this host (kill -9) is taken over
// at once instead of waiting for its TTL.

#include <functional>
#include <string>

#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

class RotationLock {
  public:
    // `owner_is_dead(owner)` says whether a holder's process is known to be gone.
    RotationLock(state::StateStore& store, std::string name, std::string owner, Duration ttl,
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
    state::StateStore& m_store;
    std::string m_name;
    std::string m_owner;
    Duration m_ttl;
    std::function<bool(const std::string&)> m_owner_is_dead;
    bool m_held = false;
};

// "host:pid:nonce" for this process.
std::string make_lock_owner(const std::string& host, long pid, const std::string& nonce);

}  // namespace lifeline::rotate
