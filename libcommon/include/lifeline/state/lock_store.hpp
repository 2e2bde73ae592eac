#pragma once
// LockStore: named locks with an owner and a time to live (one rotation at a time per key).
// Errors as in store.hpp.

#include <optional>
#include <string>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::state {

struct LockInfo {
    std::string owner;
    SystemTime expires_at{};
};

class LockStore {
  public:
    virtual ~LockStore() = default;

    // Takes `name` for `owner` until now + ttl: true when free, expired, or already owned by
    // `owner` (which extends it); false while another owner holds it.
    virtual Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                                      Duration ttl) = 0;
    // Extends a lock `owner` still holds; conflict when it expired or someone else holds it.
    virtual Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) = 0;
    // Frees a lock; ok when not held; conflict when another owner holds it.
    virtual Status release_lock(const std::string& name, const std::string& owner) = 0;
    // The live holder of `name`; nullopt when free or expired.
    virtual Result<std::optional<LockInfo>> lock_holder(const std::string& name) = 0;
};

}  // namespace lifeline::state
