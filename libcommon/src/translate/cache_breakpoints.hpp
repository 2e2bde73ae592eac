#pragma once
// Prompt-cache breakpoints for an Anthropic request, placed the way Claude Code places them so
// a translated session is read from cache instead of re-billed every turn.

#include <cstddef>
#include <vector>

namespace lifeline::translate::detail {

// Anthropic allows at most this many cache_control breakpoints per request.
inline constexpr int k_max_cache_breakpoints = 4;

// Which blocks get `cache_control: {type: ephemeral}`: the last system block, and the last
// cacheable block (not thinking, not empty text) of each of the latest user turns, newest
// first, until k_max_cache_breakpoints are placed.
struct CacheBreakpoints {
    bool system = false;
    std::vector<bool> turns;  // per turn: its last cacheable block is marked
};

// The plan for a request with a system block or not (`has_system`) and these turns, where
// `cacheable_user_turn[i]` is true for a user turn that has a cacheable block.
CacheBreakpoints plan_cache_breakpoints(bool has_system,
                                        const std::vector<bool>& cacheable_user_turn);

}  // namespace lifeline::translate::detail
