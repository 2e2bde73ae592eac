#pragma once
// The failure taxonomy (docs/architecture.md). The string ids are stable: they appear in every
// status document, ledger row, log line and config key (retry.<class>).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline {

enum class FailureClass {
    auth,              // 401, invalid/expired key
    region_blocked,    // 403/451 location or export-control block
    permission,        // other 403
    rate_limited,      // 429 rate limit
    quota_exhausted,   // 429 insufficient_quota, 402 out of credits
    overloaded,        // 529, 503, "at capacity"
    server_error,      // 500/502/504
    timeout,           // connect, total or idle timeout
    network,           // DNS, refused, reset
    tls,               // certificate or handshake failure
    stream_broken,     // stream cut before its terminal event
    context_exceeded,  // prompt does not fit the context window
    model_not_found,   // 404 model
    content_filtered,  // moderation refusal
    bad_request,       // other 400
    task_failed,       // the agent ran and the task itself failed
    budget_exceeded,   // a token/cost budget refused the attempt
};

// "rate_limited", ...
const char* to_string(FailureClass failure_class);

// The class for an id; nullopt for an unknown id.
std::optional<FailureClass> parse_failure_class(std::string_view id);

// Every class, in declaration order (for validation messages and tables).
const std::vector<FailureClass>& all_failure_classes();
std::vector<std::string> all_failure_class_ids();

// A transient failure may succeed later on the same or another candidate: rate_limited,
// overloaded, server_error, timeout, network, tls, stream_broken. Exit 75 when every
// candidate failed with one of these.
bool is_transient(FailureClass failure_class);

// True when the failure says nothing about the provider's health: the request or the task was
// at fault (bad_request, context_exceeded, content_filtered, task_failed, budget_exceeded).
// Such failures never count against a circuit breaker.
bool is_caller_side(FailureClass failure_class);

}  // namespace lifeline
