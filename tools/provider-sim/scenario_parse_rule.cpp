// A scenario's `rules:` entries: the fault table (fault ids -> kind and failure class), the
// fault and its settings, and scripted replies.
#include <lifeline/util/strings.hpp>

#include "scenario_parse.hpp"
#include "scenario_parse_detail.hpp"

namespace provider_sim {

using detail::suggestion;
using lifeline::Result;
using lifeline::config::YamlNode;

namespace {

struct FaultId {
    const char* id;
    FaultKind kind;
    std::optional<FailureClass> failure_class;
};

const std::vector<FaultId>& fault_ids() {
    static const std::vector<FaultId> ids{
        {"none", FaultKind::none, std::nullopt},
        {"latency", FaultKind::none, std::nullopt},
        {"hang", FaultKind::hang, std::nullopt},
        {"timeout", FaultKind::hang, std::nullopt},
        {"slow_drip", FaultKind::slow_drip, std::nullopt},
        {"stream_cut", FaultKind::stream_cut, std::nullopt},
        {"stream_broken", FaultKind::stream_cut, std::nullopt},
        {"malformed_json", FaultKind::malformed_json, std::nullopt},
        {"oversized_body", FaultKind::oversized_body, std::nullopt},
        {"stream_error", FaultKind::stream_error, std::nullopt},
        {"stall", FaultKind::stall, std::nullopt},
        {"auth", FaultKind::error, FailureClass::auth},
        {"region_blocked", FaultKind::error, FailureClass::region_blocked},
        {"permission", FaultKind::error, FailureClass::permission},
        {"rate_limited", FaultKind::error, FailureClass::rate_limited},
        {"quota_exhausted", FaultKind::error, FailureClass::quota_exhausted},
        {"overloaded", FaultKind::error, FailureClass::overloaded},
        {"server_error", FaultKind::error, FailureClass::server_error},
        {"context_exceeded", FaultKind::error, FailureClass::context_exceeded},
        {"model_not_found", FaultKind::error, FailureClass::model_not_found},
        {"content_filtered", FaultKind::error, FailureClass::content_filtered},
        {"bad_request", FaultKind::error, FailureClass::bad_request},
    };
    return ids;
}

Result<Duration> positive_duration(const YamlNode& node) {
    return node.as_duration();
}

// rule.kind and rule.failure_class from `fault`, then the optional `class` override.
lifeline::Status parse_fault(const YamlNode& node, Rule& rule) {
    const YamlNode fault = LIFELINE_TRY(node.require("fault"));
    const std::string fault_id = LIFELINE_TRY(fault.as_string());
    bool found = false;
    for (const FaultId& known : fault_ids()) {
        if (fault_id == known.id) {
            rule.kind = known.kind;
            rule.failure_class = known.failure_class.value_or(known.kind == FaultKind::stream_error
                                                                  ? FailureClass::overloaded
                                                                  : FailureClass::server_error);
            found = true;
        }
    }
    if (!found) {
        return lifeline::fail(fault.error("unknown fault \"" + fault_id + "\"" +
                                          suggestion(fault_id, known_fault_ids())));
    }
    if (auto cls = node.get("class")) {
        const std::string id = LIFELINE_TRY(cls->as_string());
        auto parsed = lifeline::parse_failure_class(id);
        if (!parsed) {
            return lifeline::fail(cls->error("unknown failure class \"" + id + "\"" +
                                             suggestion(id, lifeline::all_failure_class_ids())));
        }
        rule.failure_class = *parsed;
    }
    return {};
}

// What an error answers with: status, message, retry_after.
lifeline::Status parse_error_settings(const YamlNode& node, Rule& rule) {
    if (auto status = node.get("status")) {
        const int64_t value = LIFELINE_TRY(status->as_int64());
        if (value < 100 || value > 599) {
            return lifeline::fail(status->error("status must be an HTTP status (100-599)"));
        }
        rule.status = static_cast<int>(value);
    }
    if (auto message = node.get("message")) {
        rule.message = LIFELINE_TRY(message->as_string());
    }
    if (auto retry = node.get("retry_after")) {
        rule.retry_after = LIFELINE_TRY(positive_duration(*retry));
    }
    return {};
}

// How the answer is delivered: delay, jitter, hang_for, drip_interval, cut_after, body_bytes.
lifeline::Status parse_delivery_settings(const YamlNode& node, Rule& rule) {
    if (auto delay = node.get("delay")) {
        rule.delay = LIFELINE_TRY(positive_duration(*delay));
    }
    if (auto jitter = node.get("jitter")) {
        rule.jitter = LIFELINE_TRY(positive_duration(*jitter));
    }
    if (auto hang = node.get("hang_for")) {
        rule.hang_for = LIFELINE_TRY(positive_duration(*hang));
    }
    if (auto drip = node.get("drip_interval")) {
        rule.drip_interval = LIFELINE_TRY(positive_duration(*drip));
    }
    if (auto cut = node.get("cut_after")) {
        rule.cut_after = LIFELINE_TRY(cut->as_int64());
        if (rule.cut_after < 0) {
            return lifeline::fail(cut->error("cut_after must be 0 or more events"));
        }
    }
    if (auto bytes = node.get("body_bytes")) {
        rule.body_bytes = LIFELINE_TRY(bytes->as_int64());
        if (rule.body_bytes < 1 || rule.body_bytes > (int64_t{1} << 31)) {
            return lifeline::fail(bytes->error("body_bytes must be between 1 and 2147483648"));
        }
    }
    return {};
}

}  // namespace

std::vector<std::string> known_fault_ids() {
    std::vector<std::string> ids;
    for (const FaultId& known : fault_ids()) {
        ids.emplace_back(known.id);
    }
    return ids;
}

namespace detail {

Result<Reply> parse_reply(const YamlNode& node) {
    Reply reply;
    if (node.is_scalar()) {
        reply.text = LIFELINE_TRY(node.as_string());
        return reply;
    }
    LIFELINE_TRY_VOID(node.check_keys({"text", "tool_call"}));
    if (auto text = node.get("text")) {
        reply.text = LIFELINE_TRY(text->as_string());
    }
    if (auto call = node.get("tool_call")) {
        LIFELINE_TRY_VOID(call->check_keys({"name", "arguments"}));
        const YamlNode name = LIFELINE_TRY(call->require("name"));
        reply.tool_name = LIFELINE_TRY(name.as_string());
        if (auto arguments = call->get("arguments")) {
            reply.tool_arguments = LIFELINE_TRY(arguments->as_string());
        }
    }
    return reply;
}

Result<Rule> parse_rule(const YamlNode& node, size_t index) {
    LIFELINE_TRY_VOID(node.check_keys({"name", "match", "fault", "class", "status", "message",
                                       "retry_after", "delay", "jitter", "hang_for",
                                       "drip_interval", "cut_after", "body_bytes", "reply"}));
    Rule rule;
    rule.location = node.location();
    rule.name = "rule " + std::to_string(index + 1);
    if (auto name = node.get("name")) {
        rule.name = LIFELINE_TRY(name->as_string());
    }
    if (auto match = node.get("match")) {
        LIFELINE_TRY_VOID(parse_match(*match, rule));
    }
    LIFELINE_TRY_VOID(parse_fault(node, rule));
    LIFELINE_TRY_VOID(parse_error_settings(node, rule));
    LIFELINE_TRY_VOID(parse_delivery_settings(node, rule));
    if (auto reply = node.get("reply")) {
        rule.reply = LIFELINE_TRY(parse_reply(*reply));
    }
    return rule;
}

}  // namespace detail

}  // namespace provider_sim
