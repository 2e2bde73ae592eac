// A rule's `match:` section: which requests it applies to (family, path, model, request
// numbers, time window, probability, how many times).
#include <limits>

#include <lifeline/util/strings.hpp>

#include "scenario_parse_detail.hpp"

namespace provider_sim::detail {

using lifeline::config::YamlNode;

namespace {

// "3", "1-3", "4-" -> [first, last] with 0 meaning open.
lifeline::Status parse_request_range(const YamlNode& node, Rule& rule) {
    const std::string text = LIFELINE_TRY(node.as_string());
    const size_t dash = text.find('-');
    auto number = [&](std::string_view part, int64_t& out) -> bool {
        part = lifeline::trim(part);
        if (part.empty()) {
            out = 0;
            return true;
        }
        int64_t value = 0;
        for (char c : part) {
            if (c < '0' || c > '9') {
                return false;
            }
            // A number past int64 is no request number (and would overflow).
            const int digit = c - '0';
            if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) {
                return false;
            }
            value = value * 10 + digit;
        }
        out = value;
        return value > 0;
    };
    bool ok = dash == std::string::npos
                  ? number(text, rule.first_request) && rule.first_request > 0
                  : number(std::string_view(text).substr(0, dash), rule.first_request) &&
                        number(std::string_view(text).substr(dash + 1), rule.last_request);
    if (dash == std::string::npos) {
        rule.last_request = rule.first_request;
    }
    if (!ok || (rule.last_request != 0 && rule.last_request < rule.first_request)) {
        return lifeline::fail(
            node.error("expected a request number or range like \"3\", \"1-3\" or \"4-\", got \"" +
                       text + "\""));
    }
    return {};
}

}  // namespace

lifeline::Status parse_match(const YamlNode& node, Rule& rule) {
    LIFELINE_TRY_VOID(node.check_keys(
        {"family", "path", "model", "requests", "after", "before", "probability", "times"}));
    if (auto family = node.get("family")) {
        const std::string id = LIFELINE_TRY(family->as_string());
        rule.family = parse_family(id);
        if (!rule.family) {
            return lifeline::fail(family->error(
                "unknown family \"" + id + "\"" +
                suggestion(id, {"openai", "azure", "anthropic", "gemini", "openrouter", "admin"})));
        }
    }
    if (auto path = node.get("path")) {
        rule.path = LIFELINE_TRY(path->as_string());
    }
    if (auto model = node.get("model")) {
        rule.model = LIFELINE_TRY(model->as_string());
    }
    if (auto requests = node.get("requests")) {
        LIFELINE_TRY_VOID(parse_request_range(*requests, rule));
    }
    if (auto after = node.get("after")) {
        rule.after = LIFELINE_TRY(after->as_duration());
    }
    if (auto before = node.get("before")) {
        rule.before = LIFELINE_TRY(before->as_duration());
    }
    if (auto probability = node.get("probability")) {
        rule.probability = LIFELINE_TRY(probability->as_double());
        if (rule.probability < 0.0 || rule.probability > 1.0) {
            return lifeline::fail(probability->error("probability must be between 0 and 1"));
        }
    }
    if (auto times = node.get("times")) {
        rule.times = LIFELINE_TRY(times->as_int64());
        if (rule.times < 1) {
            return lifeline::fail(times->error("times must be at least 1"));
        }
    }
    return {};
}

}  // namespace provider_sim::detail
