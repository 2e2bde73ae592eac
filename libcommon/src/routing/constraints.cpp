#include <algorithm>
#include <charconv>
#include <cstdio>

#include <lifeline/routing/constraints.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

namespace {

Result<std::optional<double>> parse_price_part(std::string_view text, std::string_view whole) {
    text = trim(text);
    if (text.empty() || text == "*")
        return std::optional<double>();
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
        return fail(ErrorCode::invalid_input,
                    "--max-price \"" + std::string(whole) +
                        "\": expected IN/OUT in USD per 1M tokens, e.g. 3/15");
    }
    return std::optional<double>(value);
}

// "3", "0.15", "1.25": prices read best without trailing zeros.
std::string format_price(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

bool region_matches(const std::string& offered, const std::string& wanted) {
    if (iequals(offered, wanted))
        return true;
    return offered.size() > wanted.size() && iequals(offered.substr(0, wanted.size()), wanted) &&
           offered[wanted.size()] == '-';
}

}  // namespace

Result<Constraints> with_max_price(Constraints constraints, std::string_view text) {
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
        return fail(ErrorCode::invalid_input,
                    "--max-price \"" + std::string(text) +
                        "\": expected IN/OUT in USD per 1M tokens, e.g. 3/15");
    }
    constraints.max_price_input = LIFELINE_TRY(parse_price_part(text.substr(0, slash), text));
    constraints.max_price_output = LIFELINE_TRY(parse_price_part(text.substr(slash + 1), text));
    return constraints;
}

std::vector<std::string> constraint_violations(const RouteCandidate& route,
                                               const Constraints& constraints) {
    std::vector<std::string> reasons;
    const config::ModelConfig& model = route.model;

    if (constraints.min_context > 0) {
        if (model.context_window <= 0) {
            reasons.push_back("context window unknown (needs >= " +
                              std::to_string(constraints.min_context) + ")");
        } else if (model.context_window < constraints.min_context) {
            reasons.push_back("context window " + std::to_string(model.context_window) + " < " +
                              std::to_string(constraints.min_context));
        }
    }

    std::vector<std::string> missing;
    for (const std::string& need : constraints.needs) {
        if (!model.has_capability(need))
            missing.push_back(need);
    }
    if (!missing.empty())
        reasons.push_back("lacks capability " + join(missing, ", "));

    const std::string& jurisdiction = route.provider.jurisdiction;
    for (const std::string& denied : constraints.deny_jurisdictions) {
        if (!jurisdiction.empty() && iequals(jurisdiction, denied)) {
            reasons.push_back("jurisdiction " + jurisdiction + " denied");
            break;
        }
    }

    if (!constraints.region.empty()) {
        bool served = false;
        for (const std::string& region : route.provider.regions)
            served = served || region_matches(region, constraints.region);
        if (!served) {
            // Data residency is a promise: a provider that declares no region cannot keep it.
            reasons.push_back(route.provider.regions.empty()
                                  ? "no region declared (needs " + constraints.region + ")"
                                  : "regions " + join(route.provider.regions, ",") + " exclude " +
                                        constraints.region);
        }
    }

    if (!constraints.kinds.empty() && std::find(constraints.kinds.begin(), constraints.kinds.end(),
                                                route.provider.kind) == constraints.kinds.end()) {
        reasons.push_back(
            std::string("kind ") + config::to_string(route.provider.kind) + " cannot serve " +
            (constraints.kinds_for.empty() ? "this consumer" : constraints.kinds_for));
    }

    if (constraints.max_price_input || constraints.max_price_output) {
        if (!model.price) {
            reasons.push_back("unpriced (a max price is set)");
        } else {
            if (constraints.max_price_input && model.price->input > *constraints.max_price_input) {
                reasons.push_back("input price " + format_price(model.price->input) + " > " +
                                  format_price(*constraints.max_price_input) + " USD/1M");
            }
            if (constraints.max_price_output &&
                model.price->output > *constraints.max_price_output) {
                reasons.push_back("output price " + format_price(model.price->output) + " > " +
                                  format_price(*constraints.max_price_output) + " USD/1M");
            }
        }
    }
    return reasons;
}

}  // namespace lifeline::routing
