#pragma once
// Which candidate takes over after a failure: the first one in chain order that was not tried
// yet and that no earlier failure rules out (a rejected credential, a provider that blocked our
// region, a context window already proven too small).

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <lifeline/policy/chain_state.hpp>

namespace lifeline::policy {

// What the failures so far rule out for the rest of the chain.
struct Exclusions {
    std::set<std::string> rejected_credentials;   // credential ids that got `auth`
    std::set<std::string> blocked_providers;      // providers that answered `region_blocked`
    std::set<std::string> blocked_jurisdictions;  // their (known) jurisdictions
    // Set once any candidate failed with context_exceeded: the largest window that was too
    // small. Later candidates need a strictly larger, known window.
    std::optional<int64_t> too_small_context;
};

// Collects the exclusions from every failed attempt in `history` (the latest attempt last).
// context_exceeded counts only for attempts made with the current (latest) prompt.
Exclusions collect_exclusions(const std::vector<Candidate>& candidates,
                              const std::vector<AttemptRecord>& history);

// Why `candidate` can no longer take over (e.g. "credential rejected"), or nullopt when it can.
std::optional<std::string> disqualification(const Candidate& candidate,
                                            const Exclusions& exclusions);

struct Selection {
    std::optional<size_t> index;       // the candidate to move to; nullopt = none left
    std::vector<std::string> skipped;  // "openai/gpt-5.5-mini: credential rejected", ...
};

// The first untried, qualifying candidate in chain order. A candidate in a blocked
// jurisdiction is taken only when no qualifying candidate elsewhere is left.
Selection select_next_candidate(const ChainState& state, const Exclusions& exclusions);

}  // namespace lifeline::policy
