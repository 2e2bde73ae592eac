// Scenario and fleet files: the scenario's top-level keys and the fleet's providers. Rules are
// parsed in scenario_parse_rule.cpp, their matches in scenario_parse_match.cpp.
#include "scenario_parse.hpp"

#include <lifeline/util/strings.hpp>

#include "scenario_parse_detail.hpp"

namespace provider_sim {

using lifeline::Result;
using lifeline::config::YamlNode;

namespace detail {

std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
    std::string close = lifeline::closest_match(word, known);
    return close.empty() ? " (known: " + lifeline::join(known, ", ") + ")"
                         : " (did you mean \"" + close + "\"?)";
}

}  // namespace detail

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
        scenario.reply = LIFELINE_TRY(detail::parse_reply(*reply));
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
            scenario.rules.push_back(LIFELINE_TRY(detail::parse_rule(items[i], i)));
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
