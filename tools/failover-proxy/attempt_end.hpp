#pragma once
// What the proxy records when one attempt of a request ends: the access-log line's attempt,
// the per-candidate metrics, the session's tokens, the candidate's health (this process's
// HealthBoard and the state store's observations) and the ledger row. Every attempt that
// reached a candidate is recorded once, whether it succeeded, failed or was cut off.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/state/health.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/translate/api.hpp>
#include <lifeline/translate/usage.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

#include "access_log.hpp"
#include "answer_reader.hpp"
#include "services.hpp"

namespace failover_proxy {

// One finished attempt, as the records need it.
struct AttemptEnd {
    const lifeline::routing::RouteCandidate* candidate = nullptr;  // never nullptr when recorded
    lifeline::translate::Api upstream_api = lifeline::translate::Api::chat;
    std::optional<lifeline::FailureClass> failure;  // nullopt: it succeeded (or the client left)
    // nullopt: nothing known (an attempt that failed before output); `usage_estimated`: the
    // tokens are the proxy's estimate (usage_so_far), not the upstream's count.
    std::optional<lifeline::translate::Usage> usage;
    bool usage_estimated = false;
    std::optional<lifeline::Duration> retry_after;  // the upstream's wait hint, if any
    int status = 0;                                 // 0: no HTTP response
    std::optional<double> ttfb_ms;                  // nullopt: no byte arrived
    double duration_ms = 0;
    bool after_output = false;  // it failed after the client had received output
    // False when the attempt ended for a reason of the client's (it disconnected), not the
    // upstream's: the tokens are recorded, the candidate's health is not.
    bool counts_for_health = true;
    lifeline::SystemTime time{};
    std::string lane;
    std::string session;     // the agent's session id ("" = none)
    int attempt_number = 1;  // counted from 1 over the whole chain
    // Whether an attempt ran before this one and on the same candidate (a retry) or another
    // one (a fallback); nullopt: this is the request's first attempt.
    std::optional<bool> same_candidate_as_before;
};

// The attempt's entry in the request's access-log line.
AttemptRecord access_log_attempt(const AttemptEnd& end);

// The attempt as the state store's health observation.
lifeline::state::Observation health_observation(const AttemptEnd& end);

// The attempt's ledger row: tokens and their cost (none when the model has no price), the
// model's vendor, retry or fallback. `run_id` is the served step's; `ledger_session` replaces
// the agent's session when not "".
lifeline::state::LedgerEntry ledger_row(const AttemptEnd& end, const std::string& run_id,
                                        const std::string& ledger_session);

// Records `end` everywhere it belongs: `request`'s attempts, the metrics, the session's tokens,
// the health board and, when the proxy has a state store, the observation and the ledger row.
void record_attempt_end(const AttemptEnd& end, Services& services, RequestRecord& request);

// The milliseconds from `start` until now: the durations the records carry.
double ms_since(std::chrono::steady_clock::time_point start);

// What a stream cut mid-way used: the usage the upstream reported (estimated = false), else
// an estimate from the request's size and the bytes the client received (estimated = true).
struct SpentTokens {
    lifeline::translate::Usage usage;
    bool estimated = false;
};
SpentTokens usage_so_far(const StreamReader* reader, int64_t estimated_input_tokens,
                         size_t streamed_bytes);

}  // namespace failover_proxy
