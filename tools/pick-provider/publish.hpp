#pragma once
// The publish step of pick-provider: the decision handed on (warnings, status document, text,
// step outputs, shell variables, --emit configuration), and the whole --via run, which emits
// configuration for a failover-proxy instead of deciding.

#include <string>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/routing/decision.hpp>

#include "pick_provider.hpp"

namespace pick_provider {

// Finishes `run` with `decision` for `lane`. Every warning of the decision goes to stderr and
// becomes an annotation; data is decision_data, text render_decision_text. Without a choice:
// each rejection as a "no_candidate" error, exit 1. With one: the decision's outputs and shell
// assignments, then --emit's text to its file (codex-profile) or stdout; status degraded when
// there are warnings. Returns the exit code; an emit that cannot be rendered or written fails
// the run (ToolRun::fail).
int publish_outcome(const Options& options, const Settings& settings,
                    const lifeline::config::Config& config,
                    const lifeline::routing::Decision& decision, const std::string& lane,
                    const std::string& health_source, lifeline::app::ToolRun& run);

// --via: nothing is chosen here; the configuration names the lane and the proxy at the URL,
// which runs the lane's chain for every request. Needs settings.via_url and settings.emit.
// Returns the exit code: 0 emitted; an unknown lane, no Codex home or a failed write fails the
// run (ToolRun::fail).
int emit_for_proxy(const Options& options, const Settings& settings,
                   const lifeline::config::Config& config, lifeline::app::ToolRun& run);

}  // namespace pick_provider
