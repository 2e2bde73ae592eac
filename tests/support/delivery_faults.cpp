#include "delivery_faults.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "scenario.hpp"
#include "scenario_parse.hpp"

namespace lifeline::testing {

namespace {

using provider_sim::FaultKind;

// The kind provider-sim gives a rule with this effect; nullopt when it rejects it.
std::optional<FaultKind> kind_of(const std::string& rule) {
    auto scenario = provider_sim::parse_scenario_text("rules: [{" + rule + "}]\n", "rule");
    if (!scenario || scenario->rules.size() != 1)
        return std::nullopt;
    return scenario->rules.front().kind;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

const std::vector<DeliveryFault>& delivery_faults() {
    static const std::vector<DeliveryFault> k_faults = {
        {"latency", "fault: latency, delay: 300ms"},
        {"slow_drip", "fault: slow_drip, drip_interval: 50ms"},
        {"stream_cut", "fault: stream_cut, cut_after: 6"},
        {"malformed_json", "fault: malformed_json"},
        {"stream_error", "fault: stream_error, class: overloaded"},
        {"oversized_body", "fault: oversized_body, body_bytes: 17000000"},
        {"hang", "fault: hang, hang_for: 30s"},
        {"stall", "fault: stall, cut_after: 6, hang_for: 30s"},
    };
    return k_faults;
}

std::vector<std::string> delivery_faults_missing_from(const std::vector<std::string>& covered) {
    std::set<FaultKind> kinds;
    for (const DeliveryFault& fault : delivery_faults()) {
        const auto kind = kind_of(fault.rule);
        if (kind && std::find(covered.begin(), covered.end(), fault.name) != covered.end())
            kinds.insert(*kind);
    }
    std::vector<std::string> missing;
    auto note = [&](const std::string& id, std::optional<FaultKind> kind) {
        if (!kind || *kind == FaultKind::error || kinds.count(*kind) != 0)
            return;
        if (std::find(missing.begin(), missing.end(), id) == missing.end())
            missing.push_back(id);
    };
    for (const std::string& id : provider_sim::known_fault_ids())
        note(id, kind_of("fault: " + id));
    const std::string chaos_text = read_text(PROVIDER_SIM_CHAOS_SCENARIO);
    if (chaos_text.empty()) {
        missing.push_back(std::string("chaos.yaml: cannot read ") + PROVIDER_SIM_CHAOS_SCENARIO);
        return missing;
    }
    auto chaos = provider_sim::parse_scenario_text(chaos_text, "chaos.yaml");
    if (!chaos) {
        missing.push_back(chaos.error().to_string());
        return missing;
    }
    for (const provider_sim::Rule& rule : chaos->rules)
        note(provider_sim::to_string(rule.kind), rule.kind);
    return missing;
}

std::string delivery_fault_test_name(const ::testing::TestParamInfo<DeliveryFault>& info) {
    return info.param.name;
}

}  // namespace lifeline::testing
