#include <set>

#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

namespace {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
    const std::string close = closest_match(word, known);
    if (!close.empty())
        return " (did you mean \"" + close + "\"?)";
    if (known.empty())
        return " (none defined)";
    return " (known: " + join(known, ", ") + ")";
}

}  // namespace

RouteCandidate make_route_candidate(const config::Config& config, const config::ModelConfig& model,
                                    size_t position) {
    RouteCandidate route;
    route.model = model;
    if (const config::ProviderConfig* provider = config.find_provider(model.provider))
        route.provider = *provider;
    else
        route.provider.name = model.provider;
    route.candidate = policy::make_candidate(route.model, route.provider);
    route.position = position;
    return route;
}

Result<CandidateList> build_candidates(const config::Config& config,
                                       const CandidateSource& source) {
    if (!source.lane.empty() && !source.chain.empty())
        return fail(ErrorCode::invalid_input, "give either a lane or a chain, not both");

    CandidateList list;
    std::vector<std::string> names;
    if (!source.chain.empty()) {
        names = source.chain;
    } else {
        std::string lane_name = source.lane;
        if (lane_name.empty() && config.find_lane("default"))
            lane_name = "default";
        if (!lane_name.empty()) {
            const config::LaneConfig* lane = config.find_lane(lane_name);
            if (!lane) {
                std::vector<std::string> known;
                for (const auto& l : config.lanes)
                    known.push_back(l.name);
                return fail(ErrorCode::invalid_input,
                            "unknown lane \"" + lane_name + "\"" + did_you_mean(lane_name, known));
            }
            names = lane->chain;
            list.lane = lane->name;
            list.min_context = lane->min_context;
        } else {
            for (const auto& model : config.models)
                names.push_back(model.name);
        }
    }

    std::vector<std::string> known_models;
    for (const auto& model : config.models)
        known_models.push_back(model.name);
    std::set<std::string> seen;
    for (const std::string& name : names) {
        const config::ModelConfig* model = config.find_model(name);
        if (!model) {
            return fail(ErrorCode::invalid_input,
                        "unknown model \"" + name + "\"" + did_you_mean(name, known_models));
        }
        // A repeated model would only be tried twice for the same failure.
        if (!seen.insert(name).second)
            continue;
        list.candidates.push_back(make_route_candidate(config, *model, list.candidates.size()));
    }
    return list;
}

}  // namespace lifeline::routing
