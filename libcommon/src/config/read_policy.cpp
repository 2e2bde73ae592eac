#include <regex>

#include <lifeline/util/strings.hpp>

#include "sections.hpp"

namespace lifeline::config::detail {
namespace {

const std::vector<std::string> k_policy_keys = {"deny_jurisdictions", "diversity"};
const std::vector<std::string> k_state_keys = {"url", "fallback"};
const std::vector<std::string> k_classify_keys = {"pattern", "class", "agent"};
const std::vector<std::string> k_agents = {"codex", "claude", "gemini", "generic"};

// Why `url` is not a state store URL lifeline knows; empty when it is fine.
std::string state_url_problem(std::string_view url) {
    if (url == "memory:" || url == "memory://")
        return "";
    for (const std::string_view scheme : {"sqlite://", "redis://", "rediss://"}) {
        if (url.rfind(scheme, 0) == 0) {
            if (url.size() == scheme.size())
                return scheme == "sqlite://" ? "names no database file" : "names no host";
            return "";
        }
    }
    return "is not a state URL (use sqlite://PATH, redis://HOST:6379/0 or memory:)";
}

}  // namespace

Status read_policy(const YamlNode& node, PolicyConfig& policy) {
    LIFELINE_TRY_VOID(node.check_keys(k_policy_keys));
    if (const auto deny = node.get("deny_jurisdictions")) {
        for (const std::string& code : LIFELINE_TRY(deny->as_string_list()))
            policy.deny_jurisdictions.push_back(to_upper_ascii(code));
    }
    if (const auto diversity = node.get("diversity")) {
        const std::string text = LIFELINE_TRY(diversity->as_string());
        if (text == "none")
            policy.diversity = PolicyConfig::Diversity::none;
        else if (text == "require-two-jurisdictions")
            policy.diversity = PolicyConfig::Diversity::require_two_jurisdictions;
        else
            return fail(unknown_name(*diversity, "diversity rule", text,
                                     {"none", "require-two-jurisdictions"}));
    }
    return {};
}

Status read_state(const YamlNode& node, StateConfig& state) {
    std::optional<YamlNode> url_node;
    if (node.is_scalar()) {
        url_node = node;
    } else {
        LIFELINE_TRY_VOID(node.check_keys(k_state_keys));
        url_node = LIFELINE_TRY(node.require("url"));
        if (const auto fallback = node.get("fallback")) {
            const std::string text = LIFELINE_TRY(fallback->as_string());
            if (text == "local")
                state.fallback_to_local = true;
            else if (text != "none")
                return fail(unknown_name(*fallback, "state fallback", text, {"local", "none"}));
        }
    }
    state.url = LIFELINE_TRY(url_node->as_string());
    if (const std::string problem = state_url_problem(state.url); !problem.empty())
        return fail(url_node->error("\"" + state.url + "\" " + problem));
    return {};
}

Status read_classify(const YamlNode& node, std::vector<ClassifyPattern>& patterns) {
    for (const YamlNode& item : LIFELINE_TRY(node.items())) {
        if (!item.is_map()) {
            return fail(
                item.error("expected {pattern: REGEX, class: CLASS}, got " + item.kind_name()));
        }
        LIFELINE_TRY_VOID(item.check_keys(k_classify_keys));
        ClassifyPattern pattern;
        const YamlNode pattern_node = LIFELINE_TRY(item.require("pattern"));
        pattern.pattern = LIFELINE_TRY(read_non_empty(pattern_node));
        try {
            // Compiled here only to reject bad patterns at load time, with their location.
            const std::regex compiled(pattern.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            return fail(pattern_node.error("invalid regular expression \"" + pattern.pattern +
                                           "\": " + e.what()));
        }
        const YamlNode class_node = LIFELINE_TRY(item.require("class"));
        const std::string class_id = LIFELINE_TRY(class_node.as_string());
        const auto failure_class = parse_failure_class(class_id);
        if (!failure_class)
            return fail(
                unknown_name(class_node, "failure class", class_id, all_failure_class_ids()));
        pattern.failure_class = *failure_class;
        if (const auto agent = item.get("agent")) {
            pattern.agent = LIFELINE_TRY(agent->as_string());
            if (std::find(k_agents.begin(), k_agents.end(), pattern.agent) == k_agents.end())
                return fail(unknown_name(*agent, "agent", pattern.agent, k_agents));
        }
        patterns.push_back(std::move(pattern));
    }
    return {};
}

}  // namespace lifeline::config::detail
