#pragma once
// Hard constraints a candidate must meet to be picked at all. Each failed check yields one
// human reason, listed in the decision's `rejected`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/routing/route_candidate.hpp>

namespace lifeline::routing {

struct Constraints {
    int64_t min_context = 0;                      // tokens; 0 = none. Unknown windows fail it.
    std::vector<std::string> needs;               // capabilities every candidate must list
    std::vector<std::string> deny_jurisdictions;  // case-insensitive; unknown jurisdiction passes
    std::string region;  // "" = any; else a provider region equal to it or starting "<region>-"
    std::optional<double> max_price_input;   // USD per 1M input tokens; unpriced models fail it
    std::optional<double> max_price_output;  // USD per 1M output tokens
    // Provider kinds the consumer can talk to (empty = any), and who that consumer is, for the
    // reason: e.g. {openai, azure, openrouter, openai_compatible} for "codex".
    std::vector<config::ProviderKind> kinds;
    std::string kinds_for;
};

// Parses --max-price "IN/OUT" (USD per 1M tokens), e.g. "3/15"; either side may be empty or
// "*" to leave it unbounded ("/10"). Errors (invalid_input): not a non-negative number.
Result<Constraints> with_max_price(Constraints constraints, std::string_view text);

// Every reason `candidate` violates `constraints` (empty = it qualifies). The lane's
// min_context is passed in `constraints.min_context` by the caller (the larger one wins).
std::vector<std::string> constraint_violations(const RouteCandidate& candidate,
                                               const Constraints& constraints);

}  // namespace lifeline::routing
