#pragma once
// Classifying what an agent CLI printed about a failed model request: the texts Codex, Claude
// Code and Gemini CLI use ("exceeded retry limit, last status: 429 Too Many Requests",
// "API Error: 529 {...}", "User location is not supported"), provider error bodies they
// embed, and bare HTTP statuses. Pure.

#include <optional>
#include <string_view>
#include <vector>

#include <lifeline/classify/classification.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/util/time.hpp>

namespace run_with_failover {

// The class of a provider failure described in `text`, with a wait hint ("try again in
// 11.054s") for transient classes; nullopt when the text names no known provider failure.
// Order: an HTTP status with an embedded provider error body, then known phrases, then the
// bare status.
std::optional<lifeline::Classification> classify_agent_text(std::string_view text,
                                                            lifeline::SystemTime now);

// The first config `classify:` pattern (for `agent` or for every agent) that matches `text`;
// nullopt when none does. Invalid regexes never match (the loader validated them).
std::optional<lifeline::Classification> match_user_patterns(
    const std::vector<lifeline::config::ClassifyPattern>& patterns, std::string_view agent,
    std::string_view text);

}  // namespace run_with_failover
