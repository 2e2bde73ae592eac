#include "decision_report.hpp"

#include <lifeline/config/vendor.hpp>
#include <lifeline/routing/agent_env.hpp>
#include <lifeline/util/strings.hpp>

namespace pick_provider {

using lifeline::routing::Decision;
using lifeline::routing::RouteCandidate;
using nlohmann::json;

namespace {

std::string plural(size_t count, const char* word) {
    return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

json review_json(const lifeline::routing::VendorReview& review) {
    return {
        {"avoided_vendors", review.avoided},
        {"author", review.author},
        {"chosen_vendor",
         review.chosen_vendor.empty() ? json(nullptr) : json(review.chosen_vendor)},
        {"all_same_vendor", review.all_same_vendor},
        {"same_vendor_fallback", review.same_vendor_fallback},
        {"reason", review.reason},
    };
}

}  // namespace

json candidate_json(const RouteCandidate& route) {
    const std::string env_key = lifeline::routing::key_env_name(route.provider);
    return {
        {"provider", route.provider.name},
        {"model", route.model.name},
        {"upstream_model_id", route.model.upstream_id()},
        {"kind", lifeline::config::to_string(route.provider.kind)},
        {"vendor", lifeline::config::vendor_of(route.model, route.provider)},
        {"base_url", route.provider.base_url},
        {"env_key", env_key.empty() ? json(nullptr) : json(env_key)},
        {"context_window",
         route.model.context_window > 0 ? json(route.model.context_window) : json(nullptr)},
        {"jurisdiction",
         route.provider.jurisdiction.empty() ? json(nullptr) : json(route.provider.jurisdiction)},
    };
}

json decision_data(const Decision& decision, const std::string& lane,
                   const std::string& health_source) {
    json chain = json::array();
    for (const RouteCandidate& route : decision.chain)
        chain.push_back(candidate_json(route));
    json rejected = json::array();
    for (const auto& rejection : decision.rejected) {
        rejected.push_back({{"model", rejection.model},
                            {"provider", rejection.provider},
                            {"reason", rejection.reason}});
    }
    return {
        {"lane", lane.empty() ? json(nullptr) : json(lane)},
        {"strategy", decision.strategy},
        {"health_source", health_source},
        {"chosen", decision.has_choice() ? candidate_json(decision.chosen()) : json(nullptr)},
        {"chain", std::move(chain)},
        {"rejected", std::move(rejected)},
        {"warnings", decision.warnings},
        {"review", decision.review ? review_json(*decision.review) : json(nullptr)},
    };
}

std::string render_decision_text(const Decision& decision, const std::string& lane) {
    std::string text = decision_summary(decision, lane) + "\n";
    for (size_t i = 0; i < decision.chain.size(); ++i) {
        const RouteCandidate& route = decision.chain[i];
        text += (i == 0 ? "  chosen    " : "  fallback  ") + route.candidate.label() + "  (" +
                lifeline::config::to_string(route.provider.kind) + ", " +
                route.model.upstream_id() + ", " +
                lifeline::config::vendor_of(route.model, route.provider);
        if (!route.provider.jurisdiction.empty())
            text += ", " + route.provider.jurisdiction;
        text += ")\n";
    }
    for (const auto& rejection : decision.rejected)
        text += "  rejected  " + rejection.summary() + "\n";
    if (decision.review)
        text += "  review    " + decision.review->reason + "\n";
    for (const std::string& warning : decision.warnings)
        text += "  warning   " + warning + "\n";
    return text;
}

std::string decision_summary(const Decision& decision, const std::string& lane) {
    const std::string where = lane.empty() ? "" : " for lane " + lane;
    if (!decision.has_choice()) {
        if (decision.review && decision.review->all_same_vendor) {
            return "no cross-vendor reviewer" + where + ": every usable candidate shares the " +
                   "author's vendor (" + lifeline::join(decision.review->avoided, ",") + ")";
        }
        return "no usable candidate" + where + " (" + std::to_string(decision.rejected.size()) +
               " rejected)";
    }
    std::string summary = decision.chosen().candidate.label() + " chosen" + where + " (" +
                          plural(decision.chain.size() - 1, "fallback");
    if (!decision.rejected.empty())
        summary += ", " + std::to_string(decision.rejected.size()) + " rejected";
    return summary + ")";
}

void publish_decision(lifeline::app::ToolRun& run, const Decision& decision,
                      const std::string& lane) {
    if (!decision.has_choice())
        return;
    const RouteCandidate& chosen = decision.chosen();
    std::vector<std::string> chain;
    for (const RouteCandidate& route : decision.chain)
        chain.push_back(route.candidate.model);
    run.set_output("provider", chosen.provider.name);
    run.set_output("model", chosen.model.name);
    run.set_output("model_id", chosen.model.upstream_id());
    run.set_output("kind", lifeline::config::to_string(chosen.provider.kind));
    run.set_output("vendor", lifeline::config::vendor_of(chosen.model, chosen.provider));
    run.set_output("base_url", chosen.provider.base_url);
    run.set_output("env_key", lifeline::routing::key_env_name(chosen.provider));
    run.set_output("context_window", chosen.model.context_window > 0
                                         ? std::to_string(chosen.model.context_window)
                                         : "");
    run.set_output("chain", lifeline::join(chain, ","));
    for (const auto& assignment : lifeline::routing::lifeline_env(decision, lane)) {
        run.export_env(assignment.name, assignment.value);
        run.add_dotenv(assignment.name, assignment.value);
    }
}

}  // namespace pick_provider
