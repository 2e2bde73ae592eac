#pragma once
// From probe results to the run's verdict: the health of each target, whether
// --require-healthy is met, and the status, exit code and summary line. Pure.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/output/status.hpp>
#include <lifeline/probe/probe_result.hpp>
#include <lifeline/probe/targets.hpp>
#include <lifeline/util/result.hpp>

namespace probe_endpoint {

// The probes themselves (targets, plans, running and reading them) are libcommon's probe module.
using lifeline::probe::Health;
using lifeline::probe::ProbeResult;
using lifeline::probe::Target;

// --require-healthy any|all|N.
struct HealthRequirement {
    enum class Kind { any, all, at_least };
    Kind kind = Kind::any;
    int count = 1;  // at_least: this many healthy targets

    std::string describe() const;  // "any", "all", "2"
};

// ErrorCode::invalid_input for anything but any, all or a whole number >= 1.
lifeline::Result<HealthRequirement> parse_health_requirement(std::string_view text);

struct TargetHealth {
    std::string name;
    std::string provider;
    Health health = Health::unhealthy;
    // The first result that is not healthy (its probe, class and message); empty when healthy.
    std::string failed_probe;
    std::string failure_class;
    std::string message;
};

// One entry per target that has results, in target order: healthy only when every one of its
// results is healthy; degraded when the worst is degraded; otherwise unhealthy.
std::vector<TargetHealth> assess_targets(const std::vector<Target>& targets,
                                         const std::vector<ProbeResult>& results);

struct Verdict {
    bool met = false;
    std::vector<std::string> healthy;  // names of the healthy targets, in target order
    lifeline::output::RunStatus status = lifeline::output::RunStatus::failed;
    int exit_code = 1;
    std::string summary;
};

// met -> exit 0 (status ok when every probed target is healthy, else degraded); not met ->
// exit 1, status failed. Nothing probed never meets the requirement.
Verdict decide(const HealthRequirement& requirement, const std::vector<TargetHealth>& targets,
               size_t skipped_targets);

}  // namespace probe_endpoint
