#include "redis_codec.hpp"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <stdexcept>

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

// A value this build never writes: a number of another kind or outside the field's range.
struct Unreadable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The whole number at `key` within [min, max]. The encoders write integers only; a float
// (1e300) or an integer beyond int64 is another writer's value, and converting it would be
// undefined behaviour, so it is unreadable.
int64_t integer_at(const json& in, const char* key,
                   int64_t min = std::numeric_limits<int64_t>::min(),
                   int64_t max = std::numeric_limits<int64_t>::max()) {
    const json& value = in.at(key);
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max))
        throw Unreadable(std::string(key) + " is out of range");
    if (!value.is_number_integer())
        throw Unreadable(std::string(key) + " is not a whole number");
    const int64_t number = value.get<int64_t>();
    if (number < min || number > max)
        throw Unreadable(std::string(key) + " is out of range");
    return number;
}

int int_at(const json& in, const char* key) {
    return static_cast<int>(
        integer_at(in, key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

std::string optional_ms(const std::optional<SystemTime>& time) {
    return time ? std::to_string(to_unix_ms(*time)) : std::string();
}

std::optional<SystemTime> time_from(const RedisReply& reply) {
    if (reply.is_nil() || reply.text.empty()) {
        return std::nullopt;
    }
    return from_unix_ms(std::strtoll(reply.text.c_str(), nullptr, 10));
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
        o.latency = Duration{integer_at(in, "latency_ms")};
        o.http_status = int_at(in, "http_status");
        o.time = from_unix_ms(integer_at(in, "time_ms"));
        if (in.contains("retry_after_ms") && !in["retry_after_ms"].is_null()) {
            o.retry_after = Duration{integer_at(in, "retry_after_ms")};
        }
        return o;
    } catch (const Unreadable& error) {
        return fail(ErrorCode::io,
                    "unreadable health observation for " + candidate + ": " + error.what());
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
        e.time = from_unix_ms(integer_at(in, "time_ms"));
        e.run_id = in.at("run_id").get<std::string>();
        e.session = in.at("session").get<std::string>();
        e.lane = in.at("lane").get<std::string>();
        e.provider = in.at("provider").get<std::string>();
        e.model = in.at("model").get<std::string>();
        // Rows written before vendors were recorded have none: "" (not recorded).
        if (const auto vendor = in.find("vendor"); vendor != in.end() && vendor->is_string())
            e.vendor = vendor->get<std::string>();
        e.attempt = int_at(in, "attempt");
        e.failure = class_from(in.at("class"));
        e.input_tokens = integer_at(in, "input_tokens");
        e.output_tokens = integer_at(in, "output_tokens");
        e.cached_tokens = integer_at(in, "cached_tokens");
        if (!in.at("cost_usd").is_null()) {
            e.cost_usd = in["cost_usd"].get<double>();
        }
        e.duration_ms = integer_at(in, "duration_ms");
        e.is_retry = in.at("is_retry").get<bool>();
        e.is_fallback = in.at("is_fallback").get<bool>();
        return e;
    } catch (const Unreadable& error) {
        return fail(ErrorCode::io, std::string("unreadable ledger entry: ") + error.what());
    } catch (const json::exception& error) {
        return fail(ErrorCode::io, std::string("unreadable ledger entry: ") + error.what());
    }
}

std::vector<std::string> encode_circuit_fields(const CircuitState& circuit) {
    return {"phase",       to_string(circuit.phase),
            "opened_at",   optional_ms(circuit.opened_at),
            "retry_at",    optional_ms(circuit.retry_at),
            "trial_owner", circuit.trial_owner,
            "trial_until", optional_ms(circuit.trial_until)};
}

CircuitState decode_circuit_fields(const RedisReply& fields) {
    CircuitState circuit;
    if (fields.elements.size() != 5 || fields.elements[0].is_nil()) {
        return circuit;
    }
    circuit.phase = parse_circuit_phase(fields.elements[0].text).value_or(CircuitPhase::closed);
    circuit.opened_at = time_from(fields.elements[1]);
    circuit.retry_at = time_from(fields.elements[2]);
    circuit.trial_owner = fields.elements[3].text;
    circuit.trial_until = time_from(fields.elements[4]);
    return circuit;
}

std::optional<LockInfo> decode_lock_fields(const RedisReply& fields) {
    if (fields.elements.size() != 2 || fields.elements[0].is_nil()) {
        return std::nullopt;
    }
    const auto expires_at = time_from(fields.elements[1]);
    if (!expires_at) {
        return std::nullopt;
    }
    return LockInfo{fields.elements[0].text, *expires_at};
}

Result<std::optional<JournalEntry>> decode_journal_fields(const RedisReply& fields) {
    if (fields.elements.size() != 2 || fields.elements[1].is_nil()) {
        return std::optional<JournalEntry>();
    }
    const RedisReply& version = fields.elements[1];
    if (version.type == RedisReply::Type::integer) {
        return std::optional<JournalEntry>(JournalEntry{fields.elements[0].text, version.integer});
    }
    // The journal script writes whole numbers; anything else (a float, 1e300, text) is not a
    // version, and reading it as a double then casting could be undefined behaviour.
    int64_t number = 0;
    const char* begin = version.text.data();
    const char* end = begin + version.text.size();
    const auto [stop, error] = std::from_chars(begin, end, number);
    if (error != std::errc() || stop != end || version.text.empty()) {
        return fail(ErrorCode::io, "unreadable journal version \"" + version.text + "\"");
    }
    return std::optional<JournalEntry>(JournalEntry{fields.elements[0].text, number});
}

}  // namespace lifeline::state
