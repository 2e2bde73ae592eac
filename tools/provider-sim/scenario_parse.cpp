#include "scenario_parse.hpp"

#include <limits>

#include <lifeline/util/strings.hpp>

namespace provider_sim {

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

std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
    std::string close = lifeline::closest_match(word, known);
    return close.empty() ? " (known: " + lifeline::join(known, ", ") + ")"
                         : " (did you mean \"" + close + "\"?)";
}

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

Result<Duration> positive_duration(const YamlNode& node) {
    return node.as_duration();
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
    if (auto reply = node.get("reply")) {
        rule.reply = LIFELINE_TRY(parse_reply(*reply));
    }
    return rule;
}

}  // namespace

std::vector<std::string> known_fault_ids() {
    std::vector<std::string> ids;
    for (const FaultId& known : fault_ids()) {
        ids.emplace_back(known.id);
    }
    return ids;
}

Result<Scenario> parse_scenario(const YamlNode& node) {
    LIFELINE_TRY_VOID(
        node.check_keys({"version", "name", "keys", "management_keys", "models", "context_window",
                         "reply", "rules", "seed", "port", "credit_limit", "credit_usage"}));
    Scenario scenario;
    if (auto version = node.get("version")) {
        if (LIFELINE_TRY(version->as_int64()) != 1) {
            return lifeline::fail(
                version->error("unsupported version (this provider-sim reads version 1)"));
        }
    }
    if (auto name = node.get("name")) {
        scenario.name = LIFELINE_TRY(name->as_string());
    }
    if (auto keys = node.get("keys")) {
        scenario.keys = LIFELINE_TRY(keys->as_string_list());
    }
    if (auto keys = node.get("management_keys")) {
        scenario.management_keys = LIFELINE_TRY(keys->as_string_list());
    }
    if (auto models = node.get("models")) {
        scenario.models = LIFELINE_TRY(models->as_string_list());
    }
    if (auto window = node.get("context_window")) {
        scenario.context_window = LIFELINE_TRY(window->as_int64());
    }
    if (auto reply = node.get("reply")) {
        scenario.reply = LIFELINE_TRY(parse_reply(*reply));
    }
    if (auto seed = node.get("seed")) {
        scenario.seed = static_cast<uint64_t>(LIFELINE_TRY(seed->as_int64()));
    }
    if (auto port = node.get("port")) {
        const int64_t value = LIFELINE_TRY(port->as_int64());
        if (value < 0 || value > 65535) {
            return lifeline::fail(port->error("port must be between 0 and 65535"));
        }
        scenario.port = static_cast<int>(value);
    }
    if (auto limit = node.get("credit_limit")) {
        scenario.credit_limit = LIFELINE_TRY(limit->as_double());
    }
    if (auto usage = node.get("credit_usage")) {
        scenario.credit_usage = LIFELINE_TRY(usage->as_double());
    }
    if (auto rules = node.get("rules")) {
        const auto items = LIFELINE_TRY(rules->items());
        for (size_t i = 0; i < items.size(); ++i) {
            scenario.rules.push_back(LIFELINE_TRY(parse_rule(items[i], i)));
        }
    }
    return scenario;
}

Result<Scenario> parse_scenario_text(std::string_view text, const std::string& source_name) {
    const YamlNode root = LIFELINE_TRY(lifeline::config::parse_yaml(text, source_name));
    return parse_scenario(root);
}

Result<Fleet> parse_fleet_text(std::string_view text, const std::string& source_name,
                               const lifeline::FileSystem& fs) {
    const YamlNode root = LIFELINE_TRY(lifeline::config::parse_yaml(text, source_name));
    LIFELINE_TRY_VOID(root.check_keys({"version", "providers"}));
    const YamlNode providers = LIFELINE_TRY(root.require("providers"));
    const auto entries = LIFELINE_TRY(providers.entries());
    if (entries.empty()) {
        return lifeline::fail(providers.error("a fleet needs at least one provider"));
    }
    const size_t slash = source_name.rfind('/');
    const std::string directory =
        slash == std::string::npos ? "" : source_name.substr(0, slash + 1);
    Fleet fleet;
    for (const auto& entry : entries) {
        Scenario scenario;
        if (entry.value.is_scalar()) {
            std::string path = LIFELINE_TRY(entry.value.as_string());
            if (!path.empty() && path.front() != '/') {
                path = directory + path;
            }
            auto file = fs.read_file(path);
            if (!file) {
                return lifeline::fail(entry.value.error("cannot read scenario file \"" + path +
                                                        "\": " + file.error().message));
            }
            scenario = LIFELINE_TRY(parse_scenario_text(*file, path));
        } else {
            scenario = LIFELINE_TRY(parse_scenario(entry.value));
        }
        for (const Scenario& other : fleet.instances) {
            if (other.name == entry.key) {
                return lifeline::fail(
                    entry.key_error("duplicate provider name \"" + entry.key + "\""));
            }
        }
        scenario.name = entry.key;
        fleet.instances.push_back(std::move(scenario));
    }
    return fleet;
}

}  // namespace provider_sim
