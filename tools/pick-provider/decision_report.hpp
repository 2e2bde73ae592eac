#pragma once
// The decision as the status document's data, as text for people, and as the variables a
// pipeline's next steps read (shell, GitHub outputs, GITHUB_ENV, GitLab dotenv).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/routing/decision.hpp>

namespace pick_provider {

// One chain entry: provider, model, upstream_model_id, kind, vendor, base_url, env_key (the
// variable's NAME), context_window (null when unknown), jurisdiction (null when unknown).
nlohmann::json candidate_json(const lifeline::routing::RouteCandidate& route);

// data: lane, strategy, health_source, chosen (null when none), chain, rejected
// [{model, provider, reason}], warnings, review (null without a review constraint, else
// {avoided_vendors, author, chosen_vendor, all_same_vendor, same_vendor_fallback, reason}).
nlohmann::json decision_data(const lifeline::routing::Decision& decision, const std::string& lane,
                             const std::string& health_source);

// "chosen: provider/model (...)", the chain, and each rejection with its reason.
std::string render_decision_text(const lifeline::routing::Decision& decision,
                                 const std::string& lane);

// The one-line summary: "anthropic/claude-sonnet-4-6 chosen for lane code (2 fallbacks,
// 1 rejected)" or "no usable candidate for lane code (3 rejected)".
std::string decision_summary(const lifeline::routing::Decision& decision, const std::string& lane);

// Step outputs (provider, model, model_id, kind, vendor, base_url, env_key, context_window, chain),
// GITHUB_ENV exports and dotenv entries (routing::lifeline_env) on `run`; the ToolRun writes
// them only where they apply. Nothing when there is no choice.
void publish_decision(lifeline::app::ToolRun& run, const lifeline::routing::Decision& decision,
                      const std::string& lane);

}  // namespace pick_provider
