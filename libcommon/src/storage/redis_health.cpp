// RedisStore's HealthStore: recorded observations (a capped list per candidate) and
// circuits (a hash per candidate).
#include <algorithm>

#include "redis_codec.hpp"
#include "redis_scripts.hpp"
#include "redis_store.hpp"

namespace lifeline::state {

namespace scripts = redis_scripts;

Status RedisStore::record_observation(const Observation& o) {
    LIFELINE_TRY(m_client->eval(
        scripts::k_record_observation, {key("health:" + o.candidate), key("health_candidates")},
        {encode_observation(o), std::to_string(k_observations_kept), o.candidate}));
    return {};
}

Result<std::vector<Observation>> RedisStore::recent_observations(const std::string& candidate,
                                                                 std::size_t limit) {
    std::vector<Observation> out;
    if (limit == 0) {
        return out;
    }
    RedisReply list = LIFELINE_TRY(
        m_client->command({"LRANGE", key("health:" + candidate), "0", std::to_string(limit - 1)}));
    for (const RedisReply& item : list.elements) {
        out.push_back(LIFELINE_TRY(decode_observation(candidate, item.text)));
    }
    return out;
}

Result<std::vector<std::string>> RedisStore::observed_candidates() {
    RedisReply set = LIFELINE_TRY(m_client->command({"SMEMBERS", key("health_candidates")}));
    std::vector<std::string> out;
    for (const RedisReply& item : set.elements) {
        out.push_back(item.text);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<CircuitState> RedisStore::get_circuit(const std::string& candidate) {
    RedisReply fields =
        LIFELINE_TRY(m_client->command({"HMGET", key("circuit:" + candidate), "phase", "opened_at",
                                        "retry_at", "trial_owner", "trial_until"}));
    return decode_circuit_fields(fields);
}

Status RedisStore::set_circuit(const std::string& candidate, const CircuitState& circuit) {
    std::vector<std::string> args = {"HSET", key("circuit:" + candidate)};
    for (std::string& field : encode_circuit_fields(circuit)) {
        args.push_back(std::move(field));
    }
    LIFELINE_TRY(m_client->command(args));
    return {};
}

Result<bool> RedisStore::claim_half_open_trial(const std::string& candidate,
                                               const std::string& owner, Duration lease) {
    const SystemTime now = m_clock.now();
    RedisReply claimed =
        LIFELINE_TRY(m_client->eval(scripts::k_claim_trial, {key("circuit:" + candidate)},
                                    {ms_text(now), owner, ms_text(now + lease)}));
    return claimed.integer == 1;
}

}  // namespace lifeline::state
