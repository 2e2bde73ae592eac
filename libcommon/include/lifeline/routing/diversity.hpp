#pragma once
// Jurisdiction diversity (policy.diversity: require-two-jurisdictions): a chain whose fallbacks
// all sit under one law fails together when that law (a sanction, an export rule, a regional
// shutdown) bites. The first fallback should be elsewhere.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/route_candidate.hpp>

namespace lifeline::routing {

// The distinct known jurisdictions of `chain` (upper-cased, sorted).
std::vector<std::string> chain_jurisdictions(const std::vector<RouteCandidate>& chain);

// Applies `diversity` to `chain` in place. With require_two_jurisdictions: when the chain spans
// two known jurisdictions, the first candidate of another jurisdiction than chain[0]'s is moved
// to position 1 (the others keep their order; a head of unknown jurisdiction stays as is);
// when it cannot, returns a warning that says which jurisdictions the chain has. Returns ""
// when nothing needs saying.
std::string apply_diversity(std::vector<RouteCandidate>& chain,
                            config::PolicyConfig::Diversity diversity);

}  // namespace lifeline::routing
