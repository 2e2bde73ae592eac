#pragma once
// Prompt-cache breakpoints for an Anthropic request body, placed the way Claude Code places
// them so a translated session is read from cache instead of re-billed every turn.

#include "json_border.hpp"

namespace lifeline::translate::detail {

// Anthropic allows at most this many cache_control breakpoints per request.
inline constexpr int k_max_cache_breakpoints = 4;

// Marks `cache_control: {type: ephemeral}` on the last system block and on the last cacheable
// block (not thinking, not empty text) of each of the latest user messages, newest first, until
// k_max_cache_breakpoints are placed. Existing markers count toward the limit. `body` is an
// Anthropic Messages request with `system` as an array of blocks (or absent).
void place_cache_breakpoints(Json& body);

}  // namespace lifeline::translate::detail
