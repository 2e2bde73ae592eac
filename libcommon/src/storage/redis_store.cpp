// The Redis backend for a fleet of runners: every read-modify-write is one Lua script, so it is
// atomic across all clients; keys carry server-side TTLs (lock lifetimes, budget windows) so an
// abandoned runner leaves nothing behind for ever. Expiry decisions still use the injected
// Clock, so every backend agrees with the contract tests.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <lifeline/storage/backends.hpp>

#include "redis_client.hpp"
#include "redis_codec.hpp"
#include "redis_scripts.hpp"

namespace lifeline::state {
namespace {

namespace scripts = redis_scripts;

std::string number_text(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string ms_text(SystemTime time) {
    return std::to_string(to_unix_ms(time));
}

class RedisStore final : public StateStore {
  public:
    RedisStore(std::unique_ptr<RedisClient> client, StateUrl url, const Clock& clock)
        : m_client(std::move(client)), m_url(std::move(url)), m_clock(clock) {}

    std::string describe() const override { return m_url.redacted(); }

    Status record_observation(const Observation& o) override {
        LIFELINE_TRY(m_client->eval(
            scripts::k_record_observation, {key("health:" + o.candidate), key("health_candidates")},
            {encode_observation(o), std::to_string(k_observations_kept), o.candidate}));
        return {};
    }

    Result<std::vector<Observation>> recent_observations(const std::string& candidate,
                                                         std::size_t limit) override {
        std::vector<Observation> out;
        if (limit == 0) {
            return out;
        }
        RedisReply list = LIFELINE_TRY(m_client->command(
            {"LRANGE", key("health:" + candidate), "0", std::to_string(limit - 1)}));
        for (const RedisReply& item : list.elements) {
            out.push_back(LIFELINE_TRY(decode_observation(candidate, item.text)));
        }
        return out;
    }

    Result<std::vector<std::string>> observed_candidates() override {
        RedisReply set = LIFELINE_TRY(m_client->command({"SMEMBERS", key("health_candidates")}));
        std::vector<std::string> out;
        for (const RedisReply& item : set.elements) {
            out.push_back(item.text);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    Result<CircuitState> get_circuit(const std::string& candidate) override {
        RedisReply fields = LIFELINE_TRY(
            m_client->command({"HMGET", key("circuit:" + candidate), "phase", "opened_at",
                               "retry_at", "trial_owner", "trial_until"}));
        return decode_circuit_fields(fields);
    }

    Status set_circuit(const std::string& candidate, const CircuitState& circuit) override {
        std::vector<std::string> args = {"HSET", key("circuit:" + candidate)};
        for (std::string& field : encode_circuit_fields(circuit)) {
            args.push_back(std::move(field));
        }
        LIFELINE_TRY(m_client->command(args));
        return {};
    }

    Result<bool> claim_half_open_trial(const std::string& candidate, const std::string& owner,
                                       Duration lease) override {
        const SystemTime now = m_clock.now();
        RedisReply claimed =
            LIFELINE_TRY(m_client->eval(scripts::k_claim_trial, {key("circuit:" + candidate)},
                                        {ms_text(now), owner, ms_text(now + lease)}));
        return claimed.integer == 1;
    }

    Status append_ledger(const LedgerEntry& entry) override {
        LIFELINE_TRY(m_client->eval(scripts::k_append_ledger, {key("ledger"), key("ledger:seq")},
                                    {ms_text(entry.time), encode_ledger_entry(entry)}));
        return {};
    }

    Result<std::vector<LedgerEntry>> query_ledger(const LedgerQuery& query) override {
        // The time window is answered by the sorted set; the other filters client-side.
        const std::string min = query.since ? ms_text(*query.since) : "-inf";
        const std::string max = query.until ? "(" + ms_text(*query.until) : "+inf";
        RedisReply members =
            LIFELINE_TRY(m_client->command({"ZRANGEBYSCORE", key("ledger"), min, max}));
        std::vector<LedgerEntry> out;
        for (const RedisReply& member : members.elements) {
            const auto bar = member.text.find('|');
            if (bar == std::string::npos) {
                return fail(ErrorCode::io, "state store " + describe() +
                                               ": malformed ledger member in " + key("ledger"));
            }
            LedgerEntry entry = LIFELINE_TRY(decode_ledger_entry(member.text.substr(bar + 1)));
            if (matches(query, entry)) {
                out.push_back(std::move(entry));
            }
        }
        return out;
    }

    Result<Reservation> reserve(const BudgetLimit& limit, double amount, Duration hold) override {
        if (amount < 0) {
            return fail(ErrorCode::invalid_input, "budget " + limit.name + ": negative amount");
        }
        const SystemTime now = m_clock.now();
        const std::string bucket = budget_bucket(limit, now);
        const std::string id = make_reservation_id(bucket);
        RedisReply reply = LIFELINE_TRY(m_client->eval(
            scripts::k_reserve, {key("budget:" + bucket), key("budget_holds:" + bucket)},
            {ms_text(now), number_text(amount), number_text(limit.limit), ms_text(now + hold), id,
             std::to_string(bucket_ttl(limit, now, hold).count())}));
        if (reply.elements.size() != 2) {
            return fail(ErrorCode::io, "state store " + describe() + ": unexpected reserve reply");
        }
        Reservation reservation;
        reservation.granted = reply.elements[0].integer == 1;
        reservation.id = reservation.granted ? id : std::string();
        reservation.used = reply.elements[1].number();
        reservation.remaining = std::max(0.0, limit.limit - reservation.used);
        return reservation;
    }

    Status settle(const std::string& reservation_id, double actual) override {
        return finish(reservation_id, number_text(actual));
    }

    Status release(const std::string& reservation_id) override {
        return finish(reservation_id, "");
    }

    Result<BudgetUsage> budget_usage(const BudgetLimit& limit) override {
        const SystemTime now = m_clock.now();
        const std::string bucket = budget_bucket(limit, now);
        RedisReply used = LIFELINE_TRY(m_client->eval(
            scripts::k_usage, {key("budget:" + bucket), key("budget_holds:" + bucket)},
            {ms_text(now)}));
        return make_budget_usage(limit, used.number(), now);
    }

    Result<bool> acquire_lock(const std::string& name, const std::string& owner,
                              Duration ttl) override {
        const SystemTime now = m_clock.now();
        RedisReply acquired = LIFELINE_TRY(
            m_client->eval(scripts::k_acquire_lock, {key("lock:" + name)},
                           {ms_text(now), owner, ms_text(now + ttl), positive_ms(ttl)}));
        return acquired.integer == 1;
    }

    Status renew_lock(const std::string& name, const std::string& owner, Duration ttl) override {
        const SystemTime now = m_clock.now();
        RedisReply renewed = LIFELINE_TRY(
            m_client->eval(scripts::k_renew_lock, {key("lock:" + name)},
                           {ms_text(now), owner, ms_text(now + ttl), positive_ms(ttl)}));
        if (renewed.integer != 1) {
            return fail(ErrorCode::conflict, "lock " + name + " is no longer held by " + owner);
        }
        return {};
    }

    Status release_lock(const std::string& name, const std::string& owner) override {
        RedisReply released = LIFELINE_TRY(m_client->eval(
            scripts::k_release_lock, {key("lock:" + name)}, {ms_text(m_clock.now()), owner}));
        if (released.integer == -1) {
            return fail(ErrorCode::conflict, "lock " + name + " is held by another owner");
        }
        return {};
    }

    Result<std::optional<LockInfo>> lock_holder(const std::string& name) override {
        RedisReply fields =
            LIFELINE_TRY(m_client->command({"HMGET", key("lock:" + name), "owner", "expires_at"}));
        std::optional<LockInfo> holder = decode_lock_fields(fields);
        if (holder && holder->expires_at <= m_clock.now()) {
            holder.reset();
        }
        return holder;
    }

    Result<std::optional<JournalEntry>> journal_get(const std::string& key_name) override {
        RedisReply fields = LIFELINE_TRY(
            m_client->command({"HMGET", key("journal:" + key_name), "value", "version"}));
        auto entry = decode_journal_fields(fields);
        if (!entry) {
            return fail(ErrorCode::io, "state store " + describe() + ": journal key " + key_name +
                                           ": " + entry.error().message);
        }
        return entry;
    }

    Result<int64_t> journal_cas(const std::string& key_name, int64_t expected_version,
                                const std::string& value) override {
        return journal_write(key_name, expected_version, value, false);
    }

    Status journal_erase(const std::string& key_name, int64_t expected_version) override {
        LIFELINE_TRY(journal_write(key_name, expected_version, "", true));
        return {};
    }

  private:
    std::string key(const std::string& name) const { return m_url.prefix + name; }

    static std::string positive_ms(Duration duration) {
        return std::to_string(std::max<int64_t>(1, duration.count()));
    }

    // Budget keys outlive their window (plus the longest hold) and then vanish on the server.
    static Duration bucket_ttl(const BudgetLimit& limit, SystemTime now, Duration hold) {
        if (limit.window.count() <= 0) {
            return Duration{0};
        }
        const SystemTime end = window_start(limit.window, now) + limit.window;
        return std::chrono::duration_cast<Duration>(end - now) + hold + limit.window;
    }

    Status finish(const std::string& reservation_id, const std::string& actual) {
        auto bucket = reservation_bucket(reservation_id);
        if (!bucket) {
            return fail(ErrorCode::invalid_input,
                        "malformed reservation id \"" + reservation_id + "\"");
        }
        // The window length is not in the id, so settling leaves the TTL reserve() set alone.
        LIFELINE_TRY(m_client->eval(scripts::k_settle,
                                    {key("budget:" + *bucket), key("budget_holds:" + *bucket)},
                                    {ms_text(m_clock.now()), reservation_id, actual, "0"}));
        return {};
    }

    Result<int64_t> journal_write(const std::string& key_name, int64_t expected_version,
                                  const std::string& value, bool erase) {
        RedisReply reply = LIFELINE_TRY(
            m_client->eval(scripts::k_journal_cas, {key("journal:" + key_name)},
                           {std::to_string(expected_version), value, erase ? "1" : "0"}));
        if (reply.elements.size() != 2) {
            return fail(ErrorCode::io, "state store " + describe() + ": unexpected journal reply");
        }
        if (reply.elements[0].integer != 1) {
            return fail(ErrorCode::conflict, "journal key " + key_name +
                                                 " changed: expected version " +
                                                 std::to_string(expected_version) + ", found " +
                                                 std::to_string(reply.elements[1].integer));
        }
        return reply.elements[1].integer;
    }

    std::unique_ptr<RedisClient> m_client;
    StateUrl m_url;
    const Clock& m_clock;
};

}  // namespace

Result<std::unique_ptr<StateStore>> open_redis_store(const StateUrl& url, const Clock& clock,
                                                     const StateOpenOptions& options) {
    auto client =
        LIFELINE_TRY(RedisClient::connect(url, options.connect_timeout, options.command_timeout));
    return std::unique_ptr<StateStore>(std::make_unique<RedisStore>(std::move(client), url, clock));
}

}  // namespace lifeline::state
