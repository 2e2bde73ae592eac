#include "redis_codec.hpp"

#include <nlohmann/json.hpp>

namespace lifeline::state {
namespace {

using nlohmann::json;

json class_json(const std::optional<FailureClass>& failure) {
    return failure ? json(to_string(*failure)) : json(nullptr);
}

std::optional<FailureClass> class_from(const json& value) {
    return value.is_string() ? parse_failure_class(value.get<std::string>()) : std::nullopt;
}

}  // namespace

std::string encode_observation(const Observation& o) {
    json out = {{"class", class_json(o.failure)},
                {"latency_ms", o.latency.count()},
                {"http_status", o.http_status},
                {"time_ms", to_unix_ms(o.time)},
                {"retry_after_ms", o.retry_after ? json(o.retry_after->count()) : json(nullptr)}};
    return out.dump();
}

// Values in Redis may be written by another build or by hand; a bad one is reported rather
// than thrown through the caller.
Result<Observation> decode_observation(const std::string& candidate, const std::string& text) {
    try {
        const json in = json::parse(text);
        Observation o;
        o.candidate = candidate;
        o.failure = class_from(in.at("class"));
        o.latency = Duration{in.at("latency_ms").get<int64_t>()};
        o.http_status = in.at("http_status").get<int>();
        o.time = from_unix_ms(in.at("time_ms").get<int64_t>());
        if (in.contains("retry_after_ms") && !in["retry_after_ms"].is_null()) {
            o.retry_after = Duration{in["retry_after_ms"].get<int64_t>()};
        }
        return o;
    } catch (const json::exception& error) {
        return fail(ErrorCode::io,
                    "unreadable health observation for " + candidate + ": " + error.what());
    }
}

std::string encode_ledger_entry(const LedgerEntry& e) {
    json out = {{"time_ms", to_unix_ms(e.time)},
                {"run_id", e.run_id},
                {"session", e.session},
                {"lane", e.lane},
                {"provider", e.provider},
                {"model", e.model},
                {"vendor", e.vendor},
                {"attempt", e.attempt},
                {"class", class_json(e.failure)},
                {"input_tokens", e.input_tokens},
                {"output_tokens", e.output_tokens},
                {"cached_tokens", e.cached_tokens},
                {"cost_usd", e.cost_usd ? json(*e.cost_usd) : json(nullptr)},
                {"duration_ms", e.duration_ms},
                {"is_retry", e.is_retry},
                {"is_fallback", e.is_fallback}};
    return out.dump();
}

Result<LedgerEntry> decode_ledger_entry(const std::string& text) {
    try {
        const json in = json::parse(text);
        LedgerEntry e;
        e.time = from_unix_ms(in.at("time_ms").get<int64_t>());
        e.run_id = in.at("run_id").get<std::string>();
        e.session = in.at("session").get<std::string>();
        e.lane = in.at("lane").get<std::string>();
        e.provider = in.at("provider").get<std::string>();
        e.model = in.at("model").get<std::string>();
        // Rows written before vendors were recorded have none: "" (not recorded).
        if (const auto vendor = in.find("vendor"); vendor != in.end() && vendor->is_string())
            e.vendor = vendor->get<std::string>();
        e.attempt = in.at("attempt").get<int>();
        e.failure = class_from(in.at("class"));
        e.input_tokens = in.at("input_tokens").get<int64_t>();
        e.output_tokens = in.at("output_tokens").get<int64_t>();
        e.cached_tokens = in.at("cached_tokens").get<int64_t>();
        if (!in.at("cost_usd").is_null()) {
            e.cost_usd = in["cost_usd"].get<double>();
        }
        e.duration_ms = in.at("duration_ms").get<int64_t>();
        e.is_retry = in.at("is_retry").get<bool>();
        e.is_fallback = in.at("is_fallback").get<bool>();
        return e;
    } catch (const json::exception& error) {
        return fail(ErrorCode::io, std::string("unreadable ledger entry: ") + error.what());
    }
}

}  // namespace lifeline::state
