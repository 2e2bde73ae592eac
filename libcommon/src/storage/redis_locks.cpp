// RedisStore's LockStore: named locks, a hash each with a server-side TTL.
#include <algorithm>

#include "redis_codec.hpp"
#include "redis_scripts.hpp"
#include "redis_store.hpp"

namespace lifeline::state {

namespace scripts = redis_scripts;

Result<bool> RedisStore::acquire_lock(const std::string& name, const std::string& owner,
                                      Duration ttl) {
    const SystemTime now = m_clock.now();
    RedisReply acquired =
        LIFELINE_TRY(m_client->eval(scripts::k_acquire_lock, {key("lock:" + name)},
                                    {ms_text(now), owner, ms_text(now + ttl), positive_ms(ttl)}));
    return acquired.integer == 1;
}

Status RedisStore::renew_lock(const std::string& name, const std::string& owner, Duration ttl) {
    const SystemTime now = m_clock.now();
    RedisReply renewed =
        LIFELINE_TRY(m_client->eval(scripts::k_renew_lock, {key("lock:" + name)},
                                    {ms_text(now), owner, ms_text(now + ttl), positive_ms(ttl)}));
    if (renewed.integer != 1) {
        return fail(ErrorCode::conflict, "lock " + name + " is no longer held by " + owner);
    }
    return {};
}

Status RedisStore::release_lock(const std::string& name, const std::string& owner) {
    RedisReply released = LIFELINE_TRY(m_client->eval(
        scripts::k_release_lock, {key("lock:" + name)}, {ms_text(m_clock.now()), owner}));
    if (released.integer == -1) {
        return fail(ErrorCode::conflict, "lock " + name + " is held by another owner");
    }
    return {};
}

Result<std::optional<LockInfo>> RedisStore::lock_holder(const std::string& name) {
    RedisReply fields =
        LIFELINE_TRY(m_client->command({"HMGET", key("lock:" + name), "owner", "expires_at"}));
    std::optional<LockInfo> holder = decode_lock_fields(fields);
    if (holder && holder->expires_at <= m_clock.now()) {
        holder.reset();
    }
    return holder;
}

std::string RedisStore::positive_ms(Duration duration) {
    return std::to_string(std::max<int64_t>(1, duration.count()));
}

}  // namespace lifeline::state
