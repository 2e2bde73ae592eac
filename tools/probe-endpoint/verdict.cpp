#include "verdict.hpp"

#include <algorithm>
#include <charconv>

#include <lifeline/util/strings.hpp>

namespace probe_endpoint {

using lifeline::ErrorCode;
using lifeline::output::RunStatus;

std::string HealthRequirement::describe() const {
    switch (kind) {
        case Kind::any:
            return "any";
        case Kind::all:
            return "all";
        case Kind::at_least:
            return std::to_string(count);
    }
    return "any";
}

lifeline::Result<HealthRequirement> parse_health_requirement(std::string_view text) {
    const std::string value = lifeline::to_lower(lifeline::trim(text));
    if (value == "any")
        return HealthRequirement{HealthRequirement::Kind::any, 1};
    if (value == "all")
        return HealthRequirement{HealthRequirement::Kind::all, 0};
    int count = 0;
    const auto parsed = std::from_chars(value.data(), value.data() + value.size(), count);
    if (value.empty() || parsed.ec != std::errc() || parsed.ptr != value.data() + value.size() ||
        count < 1) {
        return lifeline::fail(ErrorCode::invalid_input,
                              "--require-healthy: expected any, all or a number >= 1, got \"" +
                                  std::string(text) + "\"");
    }
    return HealthRequirement{HealthRequirement::Kind::at_least, count};
}

std::vector<TargetHealth> assess_targets(const std::vector<Target>& targets,
                                         const std::vector<ProbeResult>& results) {
    std::vector<TargetHealth> assessed;
    for (const Target& target : targets) {
        TargetHealth entry{target.name, target.provider->name, Health::healthy, "", "", ""};
        const ProbeResult* worst = nullptr;
        bool any = false;
        for (const ProbeResult& result : results) {
            if (result.target != target.name)
                continue;
            any = true;
            // The first result of the worst health explains the target.
            if (static_cast<int>(result.health()) > static_cast<int>(entry.health)) {
                entry.health = result.health();
                worst = &result;
            }
        }
        if (!any)
            continue;
        if (worst != nullptr) {
            entry.failed_probe = to_string(worst->probe);
            entry.failure_class = worst->failure ? worst->class_id() : "condition";
            entry.message = worst->failure
                                ? worst->message
                                : "condition not met: " + worst->unmet_conditions.front();
        }
        assessed.push_back(std::move(entry));
    }
    return assessed;
}

Verdict decide(const HealthRequirement& requirement, const std::vector<TargetHealth>& targets,
               size_t skipped_targets) {
    Verdict verdict;
    for (const TargetHealth& target : targets) {
        if (target.health == Health::healthy)
            verdict.healthy.push_back(target.name);
    }
    const size_t healthy = verdict.healthy.size();
    const size_t probed = targets.size();
    switch (requirement.kind) {
        case HealthRequirement::Kind::any:
            verdict.met = healthy >= 1;
            break;
        case HealthRequirement::Kind::all:
            verdict.met = probed > 0 && healthy == probed;
            break;
        case HealthRequirement::Kind::at_least:
            verdict.met = healthy >= static_cast<size_t>(requirement.count);
            break;
    }
    verdict.status = !verdict.met        ? RunStatus::failed
                     : healthy == probed ? RunStatus::ok
                                         : RunStatus::degraded;
    verdict.exit_code = verdict.met ? 0 : 1;
    verdict.summary = probed == 0
                          ? "nothing probed"
                          : std::to_string(healthy) + " of " + std::to_string(probed) + " healthy";
    if (skipped_targets > 0)
        verdict.summary += ", " + std::to_string(skipped_targets) + " skipped";
    if (!verdict.met)
        verdict.summary += " (required: " + requirement.describe() + ")";
    return verdict;
}

}  // namespace probe_endpoint
