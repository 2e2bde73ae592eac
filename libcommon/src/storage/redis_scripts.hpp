#pragma once
// The Lua scripts that make each Redis operation atomic (Redis runs a script without
// interleaving other commands). Times are passed in from the injected Clock as unix ms;
// optional times are stored as "" (tonumber("") is nil in Lua). Private to the state module.

namespace lifeline::state::redis_scripts {

// KEYS: list, candidates set. ARGV: json, keep, candidate.
inline constexpr const char* k_record_observation = R"lua(
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('SADD', KEYS[2], ARGV[3])
return 1
)lua";

// KEYS: circuit hash. ARGV: now, owner, trial_until. Returns 1 when the trial was claimed.
inline constexpr const char* k_claim_trial = R"lua(
local now = tonumber(ARGV[1])
local phase = redis.call('HGET', KEYS[1], 'phase')
if phase == 'open' then
  if (tonumber(redis.call('HGET', KEYS[1], 'retry_at') or '') or 0) > now then return 0 end
elseif phase == 'half_open' then
  if (tonumber(redis.call('HGET', KEYS[1], 'trial_until') or '') or 0) > now then return 0 end
else
  return 0
end
redis.call('HSET', KEYS[1], 'phase', 'half_open', 'trial_owner', ARGV[2], 'trial_until', ARGV[3])
return 1
)lua";

// KEYS: ledger zset, sequence counter. ARGV: time_ms, json. The zero-padded sequence keeps
// entries with the same time in insertion order (members with equal scores sort as strings).
inline constexpr const char* k_append_ledger = R"lua(
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[1], string.format('%020d', seq) .. '|' .. ARGV[2])
return seq
)lua";

// Shared prologue: give expired holds (KEYS[2] scored by expiry) back to the bucket (KEYS[1]).
#define LIFELINE_RECLAIM_HOLDS                                                                   \
    "local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])\n"                    \
    "for _, id in ipairs(expired) do\n"                                                          \
    "  local held = redis.call('HGET', KEYS[1], id)\n"                                           \
    "  if held then\n"                                                                           \
    "    redis.call('HINCRBYFLOAT', KEYS[1], 'used', string.format('%.17g', -tonumber(held)))\n" \
    "    redis.call('HDEL', KEYS[1], id)\n"                                                      \
    "  end\n"                                                                                    \
    "  redis.call('ZREM', KEYS[2], id)\n"                                                        \
    "end\n"

// KEYS: bucket hash, holds zset. ARGV: now, amount, limit, hold_expires_at, id, ttl_ms.
// Returns {granted 0/1, used as a string} (Lua numbers would be truncated to integers).
inline constexpr const char* k_reserve = LIFELINE_RECLAIM_HOLDS R"lua(
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
if used + tonumber(ARGV[2]) > tonumber(ARGV[3]) then return {0, tostring(used)} end
local after = redis.call('HINCRBYFLOAT', KEYS[1], 'used', ARGV[2])
redis.call('HSET', KEYS[1], ARGV[5], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
if tonumber(ARGV[6]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
return {1, after}
)lua";

// KEYS: bucket hash, holds zset. ARGV: now, id, actual (or "" to release), ttl_ms.
inline constexpr const char* k_settle = R"lua(
local held = redis.call('HGET', KEYS[1], ARGV[2])
local delta = 0
if held then
  delta = -tonumber(held)
  redis.call('HDEL', KEYS[1], ARGV[2])
end
redis.call('ZREM', KEYS[2], ARGV[2])
if ARGV[3] ~= '' then delta = delta + tonumber(ARGV[3]) end
if delta ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[1], 'used', string.format('%.17g', delta))
  if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
end
return 1
)lua";

// KEYS: bucket hash, holds zset. ARGV: now. Returns used as a string.
inline constexpr const char* k_usage = LIFELINE_RECLAIM_HOLDS R"lua(
return redis.call('HGET', KEYS[1], 'used') or '0'
)lua";

#undef LIFELINE_RECLAIM_HOLDS

// KEYS: lock hash. ARGV: now, owner, expires_at, ttl_ms. Returns 1 when acquired.
inline constexpr const char* k_acquire_lock = R"lua(
local held = redis.call('HMGET', KEYS[1], 'owner', 'expires_at')
if held[1] and held[1] ~= ARGV[2] and tonumber(held[2]) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'expires_at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)lua";

// KEYS: lock hash. ARGV: now, owner, expires_at, ttl_ms. Returns 1 when renewed.
inline constexpr const char* k_renew_lock = R"lua(
local held = redis.call('HMGET', KEYS[1], 'owner', 'expires_at')
if held[1] ~= ARGV[2] or tonumber(held[2]) <= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'expires_at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)lua";

// KEYS: lock hash. ARGV: now, owner. Returns 1 released, 0 not held, -1 held by another.
inline constexpr const char* k_release_lock = R"lua(
local held = redis.call('HMGET', KEYS[1], 'owner', 'expires_at')
if not held[1] then return 0 end
if held[1] ~= ARGV[2] and tonumber(held[2]) > tonumber(ARGV[1]) then return -1 end
redis.call('DEL', KEYS[1])
return 1
)lua";

// KEYS: journal hash. ARGV: expected version, value ("" with erase = "1"), erase.
// Returns {1, new version} or {0, found version}.
inline constexpr const char* k_journal_cas = R"lua(
local found = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if found ~= tonumber(ARGV[1]) then return {0, found} end
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[1])
  return {1, 0}
end
redis.call('HSET', KEYS[1], 'value', ARGV[2], 'version', found + 1)
return {1, found + 1}
)lua";

}  // namespace lifeline::state::redis_scripts
