#pragma once
// The in-memory model of a provider-sim scenario: how one simulated provider instance answers.
// Parsed from YAML by scenario_parse.hpp; matched by fault_engine.hpp; no I/O here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/error.hpp>

namespace provider_sim {

using lifeline::Duration;
using lifeline::FailureClass;

// The API family a request belongs to; decides the wire format and the error shape.
enum class Family { openai, azure, anthropic, gemini, openrouter, admin, sim };

// "openai", "azure", ...; parse_family returns nullopt for an unknown id.
const char* to_string(Family family);
std::optional<Family> parse_family(std::string_view id);

// What a matched rule does to the answer.
enum class FaultKind {
    none,            // a normal answer (possibly delayed, possibly a custom reply)
    error,           // an HTTP error in the family's shape for `failure_class`
    hang,            // accept the request and never answer (until hang_for or shutdown)
    slow_drip,       // the normal answer, delivered in small pieces `drip_interval` apart
    stream_cut,      // stop after `cut_after` SSE events (or half the body) without a terminal
    malformed_json,  // 200 with a JSON body (or SSE event) cut in the middle
    oversized_body,  // 200 with a body of `body_bytes` bytes
    stream_error,    // 200 stream that carries an in-stream error event for `failure_class`
    stall,           // `cut_after` SSE events (or half the body), then silence until `hang_for`
                     // or shutdown, then a close without the terminal chunk
};

const char* to_string(FaultKind kind);

// The assistant's answer when a request succeeds.
struct Reply {
    std::string text = "Hello from provider-sim.";
    // When set, the answer is a tool/function call instead of text — while the request offers
    // tools and does not end with a tool's result. A request that carries the result (the
    // agent ran the tool) gets `text`: a scripted two-turn task a real agent can finish.
    std::optional<std::string> tool_name;
    std::string tool_arguments = "{}";  // JSON text
};

// One fault rule. A request matches when every condition that is set holds; the first
// matching rule of the scenario wins.
struct Rule {
    std::string name;                   // for stats and the request log; "rule N" when unnamed
    lifeline::SourceLocation location;  // where the rule was written (for messages)

    // --- conditions ---
    std::optional<Family> family;  // only requests of this API family
    std::string path;              // glob on the request path ("*" matches anything)
    std::string model;             // glob on the requested model
    int64_t first_request = 0;     // 1-based per-instance request number range, 0 = open
    int64_t last_request = 0;
    std::optional<Duration> after;   // active from this long after the scenario started
    std::optional<Duration> before;  // ... until this long after it started
    double probability = 1.0;        // chance a request that matches everything else fires
    int64_t times = 0;               // fires at most this many times; 0 = unlimited

    // --- effect ---
    FaultKind kind = FaultKind::none;
    FailureClass failure_class = FailureClass::server_error;  // for error / stream_error
    int status = 0;                       // HTTP status override; 0 = the family's usual status
    std::string message;                  // error message override; empty = the family's usual text
    std::optional<Duration> retry_after;  // Retry-After (and retry-after-ms, RetryInfo)
    Duration delay{0};                    // added before the answer starts
    Duration jitter{0};                   // plus a uniform random 0..jitter
    Duration hang_for{std::chrono::minutes(10)};  // hang and stall
    Duration drip_interval{std::chrono::milliseconds(200)};
    int64_t cut_after = 2;                 // events before a stream_cut, stall or stream_error
    int64_t body_bytes = 8 * 1024 * 1024;  // oversized_body size
    std::optional<Reply> reply;            // replaces the scenario's reply
};

// One simulated provider instance.
struct Scenario {
    std::string name = "default";
    // Accepted inference keys; empty = any non-empty key is accepted.
    std::vector<std::string> keys;
    // Keys accepted by the key-management APIs; empty = the inference keys (or any key).
    std::vector<std::string> management_keys;
    // Models listed by the model endpoints; when not empty, a request for another model gets
    // model_not_found. Empty = any model is served and each family lists a default set.
    std::vector<std::string> models;
    int64_t context_window = 128000;  // larger prompts get context_exceeded
    Reply reply;
    std::vector<Rule> rules;
    // OpenRouter credit shown by GET /api/v1/key for the scenario's keys; nullopt = unlimited.
    std::optional<double> credit_limit;
    double credit_usage = 0.0;
    uint64_t seed = 1;  // seeds probability and jitter draws (runs are repeatable)
    int port = 0;       // fleet only: fixed port; 0 = from --listen
};

// Several named instances served by one process, one port each.
struct Fleet {
    std::vector<Scenario> instances;
};

}  // namespace provider_sim
