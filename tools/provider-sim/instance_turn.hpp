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

}  // namespace provider_sim
