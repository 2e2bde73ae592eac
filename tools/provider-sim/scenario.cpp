#include "scenario.hpp"

#include <array>
#include <utility>

namespace provider_sim {

namespace {

constexpr std::array<std::pair<Family, const char*>, 7> k_families{{
    {Family::openai, "openai"},
    {Family::azure, "azure"},
    {Family::anthropic, "anthropic"},
    {Family::gemini, "gemini"},
    {Family::openrouter, "openrouter"},
    {Family::admin, "admin"},
    {Family::sim, "sim"},
}};

}  // namespace

const char* to_string(Family family) {
    for (const auto& [value, id] : k_families) {
        if (value == family) {
            return id;
        }
    }
    return "openai";
}

std::optional<Family> parse_family(std::string_view id) {
    for (const auto& [value, name] : k_families) {
        if (id == name) {
            return value;
        }
    }
    return std::nullopt;
}

const char* to_string(FaultKind kind) {
    switch (kind) {
        case FaultKind::none:
            return "none";
        case FaultKind::error:
            return "error";
        case FaultKind::hang:
            return "hang";
        case FaultKind::slow_drip:
            return "slow_drip";
        case FaultKind::stream_cut:
            return "stream_cut";
        case FaultKind::malformed_json:
            return "malformed_json";
        case FaultKind::oversized_body:
            return "oversized_body";
        case FaultKind::stream_error:
            return "stream_error";
        case FaultKind::stall:
            return "stall";
    }
    return "none";
}

}  // namespace provider_sim
