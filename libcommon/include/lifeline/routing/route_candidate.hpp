#pragma once
// The candidates of one routing decision: a lane of lifeline.yaml or an explicit --chain, each
// a model with the provider that serves it, in order of preference.

#include <cstdint>
#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::routing {

// One model on its provider. `candidate` is what run-with-failover's chain uses; model and
// provider are copies of the config entries (so a decision outlives the Config).
struct RouteCandidate {
    policy::Candidate candidate;
    config::ModelConfig model;
    config::ProviderConfig provider;
    size_t position = 0;  // index in the lane / chain as written (0 = most preferred)
};

// Where the candidates come from: a lane by name, or an explicit list of model names (--chain).
// With neither, the lane named "default" when the config has one, else every model in config
// order.
struct CandidateSource {
    std::string lane;
    std::vector<std::string> chain;
};

struct CandidateList {
    std::vector<RouteCandidate> candidates;
    std::string lane;         // the lane used ("" for an explicit chain or all models)
    int64_t min_context = 0;  // the lane's min_context (0 = none)
};

// Resolves `source` against `config`. A model listed twice is kept once (its first place).
// Errors (invalid_input): an unknown lane or model, with a "did you mean"; both a lane and a
// chain given.
Result<CandidateList> build_candidates(const config::Config& config, const CandidateSource& source);

// The RouteCandidate for a model of `config` (its provider must exist: the loader ensures it).
RouteCandidate make_route_candidate(const config::Config& config, const config::ModelConfig& model,
                                    size_t position);

}  // namespace lifeline::routing
