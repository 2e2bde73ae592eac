#include "messages_turns.hpp"

#include <algorithm>
#include <iterator>

#include "encode_support.hpp"

namespace lifeline::translate::detail {

namespace {

// The blocks of one message in Anthropic's order: tool results open the user turn that
// answers the calls. Empty text (Anthropic rejects it) and foreign reasoning are left out.
std::vector<AnthropicBlock> message_blocks(const Message& message, const std::string& path,
                                           EncodeReport& report) {
    std::vector<AnthropicBlock> results;
    std::vector<AnthropicBlock> blocks;
    for (size_t p = 0; p < message.parts.size(); ++p) {
        const Part& part = message.parts[p];
        std::string part_path = path_index(path + ".parts", p);
        if (part.type == PartType::text && part.text.empty())
            continue;
        if (part.type == PartType::reasoning && !keep_reasoning(Api::messages, part.reasoning)) {
            if (part.reasoning.vendor != Vendor::none || !part.reasoning.text.empty())
                report_drop(report, part_path, "reasoning stripped: not Anthropic's own");
            continue;
        }
        (part.type == PartType::tool_result ? results : blocks)
            .push_back({&part, std::move(part_path)});
    }
    results.insert(results.end(), std::make_move_iterator(blocks.begin()),
                   std::make_move_iterator(blocks.end()));
    return results;
}

}  // namespace

bool cacheable(const AnthropicBlock& block) {
    return block.part->type != PartType::reasoning &&
           (block.part->type != PartType::text || !block.part->text.empty());
}

std::vector<AnthropicTurn> plan_turns(const std::vector<Message>& messages, EncodeReport& report) {
    std::vector<AnthropicTurn> turns;
    for (size_t m = 0; m < messages.size(); ++m) {
        std::vector<AnthropicBlock> blocks =
            message_blocks(messages[m], path_index("messages", m), report);
        if (blocks.empty())
            continue;
        bool assistant = messages[m].role == Role::assistant;
        if (turns.empty() || turns.back().assistant != assistant)
            turns.push_back({assistant, {}});
        std::vector<AnthropicBlock>& target = turns.back().blocks;
        target.insert(target.end(), std::make_move_iterator(blocks.begin()),
                      std::make_move_iterator(blocks.end()));
    }
    return turns;
}

bool last_tool_turn_lacks_thinking(const std::vector<AnthropicTurn>& turns) {
    for (auto turn = turns.rbegin(); turn != turns.rend(); ++turn) {
        if (!turn->assistant)
            continue;
        bool has_call = std::any_of(
            turn->blocks.begin(), turn->blocks.end(),
            [](const AnthropicBlock& b) { return b.part->type == PartType::tool_call; });
        return has_call && turn->blocks.front().part->type != PartType::reasoning;
    }
    return false;
}

}  // namespace lifeline::translate::detail
