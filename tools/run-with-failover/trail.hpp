#pragma once
// The attempt trail: one entry per attempt (or refused attempt), as the status document and
// the GitHub annotations show it.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/policy/candidate.hpp>
#include <lifeline/policy/chain_outcome.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace run_with_failover {

using lifeline::Duration;

struct AttemptEntry {
    int number = 1;  // 1-based over the whole chain
    std::string provider;
    std::string model;
    bool is_retry = false;     // same candidate as the attempt before
    bool is_fallback = false;  // another candidate than the attempt before
    std::optional<lifeline::FailureClass> failure_class;  // nullopt: succeeded
    std::optional<int> exit_code;                         // command mode: the child's code
    int http_status = 0;                                  // request mode: 0 = no response
    Duration wait_before{0};                              // slept before this attempt
    Duration duration{0};
    std::optional<lifeline::provider::Usage> usage;  // nullopt: the agent reported none
    std::string detail;    // why the class was chosen ("codex: exceeded retry limit, ...")
    bool refused = false;  // the budget refused the attempt: nothing ran
    std::string next;      // what followed: retry_same, next_candidate, ..., stop
    std::string reason;    // why (the policy's one line)
    lifeline::SystemTime started_at{};
    // Proxy mode: the requests failover-proxy served inside this attempt (proxy_trail.hpp).
    nlohmann::json proxy;

    std::string label() const { return lifeline::policy::candidate_label(provider, model); }
};

// The trail entry as JSON: number, candidate, provider, model, is_retry, is_fallback, class
// (null on success), exit_code or http_status, wait_before_ms, duration_ms, tokens (null when
// unknown), detail, next, reason.
nlohmann::json to_json(const AttemptEntry& entry);

// The "data" of the status document: mode, lane, candidates, attempts, outcome, run_id,
// vendors.
struct TrailSummary {
    std::string mode;            // "command" or "request"
    std::string via = "direct";  // "proxy": the agent ran through a failover-proxy sidecar
    std::string lane;
    std::vector<std::string> candidates;  // labels in chain order
    std::vector<std::string> skipped;     // "provider/model: why" before the run
    std::vector<AttemptEntry> attempts;
    lifeline::policy::ChainOutcome outcome;
    std::optional<int> signal;  // the run was ended by this signal
    std::string run_id;         // this run's id in the ledger (what --review-of takes)
    // The vendors with successful output in the step (step_vendors.hpp), sorted.
    std::vector<std::string> vendors;
};

nlohmann::json to_json(const TrailSummary& summary);

// The GitHub step summary: one table row per step attempt and, in proxy mode, below each the
// requests failover-proxy failed over inside it (candidate, class, count) and tokens per
// candidate.
std::string trail_markdown(const TrailSummary& summary);

// One line per attempt for humans: "#1 openai/gpt-5.5 rate_limited (exit 1) 2.1s -> ...".
std::string describe(const AttemptEntry& entry);

}  // namespace run_with_failover
