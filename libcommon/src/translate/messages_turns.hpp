#pragma once
// The first pass of the Anthropic request encoder: the request's messages as the turns
// Anthropic gets (blocks in its order, empty turns left out, same-role turns merged), so that
// decisions over the whole request (thinking, cache breakpoints) come before any writing.

#include <string>
#include <vector>

#include <lifeline/translate/codec.hpp>
#include <lifeline/translate/model.hpp>

namespace lifeline::translate::detail {

// One content block to write: a part of the request and its path (for reports).
struct AnthropicBlock {
    const Part* part = nullptr;
    std::string path;
};

// One Anthropic message: its role and blocks, tool results first.
struct AnthropicTurn {
    bool assistant = false;
    std::vector<AnthropicBlock> blocks;
};

// True for a block that may carry a cache breakpoint: not thinking, not empty text.
bool cacheable(const AnthropicBlock& block);

// The turns of `messages` (system messages already folded): tool results open the user turn
// that answers the calls; empty text (Anthropic rejects it) and reasoning that is not
// Anthropic's own are left out, the latter reported.
std::vector<AnthropicTurn> plan_turns(const std::vector<Message>& messages, EncodeReport& report);

// With thinking on, Anthropic requires the assistant turn whose tool calls are being answered
// to start with its thinking block: true when the last assistant turn has a call but no
// thinking block first (its thinking was foreign and stripped).
bool last_tool_turn_lacks_thinking(const std::vector<AnthropicTurn>& turns);

}  // namespace lifeline::translate::detail
