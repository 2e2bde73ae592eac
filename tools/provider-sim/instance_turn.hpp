#pragma once
// Per-request facts shared by the Instance's handler files (internal to provider-sim).

#include <optional>

#include "error_bodies.hpp"
#include "inference.hpp"
#include "instance.hpp"
#include "replies.hpp"

namespace provider_sim {

struct Instance::Turn {
    ResponseMeta meta;
    ReplyIds ids;
    std::optional<InferenceRequest> inference;  // parsed body of an inference request
};

// The models an instance lists for a family: the scenario's, or a default set when empty.
std::vector<std::string> listed_models(const Scenario& scenario, Family family);

}  // namespace provider_sim
