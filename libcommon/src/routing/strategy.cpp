#include <algorithm>
#include <limits>

#include <lifeline/routing/strategy.hpp>

namespace lifeline::routing {

namespace {

constexpr double k_unknown_term = 0.5;  // neither rewarded nor punished for missing data

std::optional<Duration> latency_of(const RouteCandidate& route, const HealthMap& health) {
    const HealthSnapshot* snapshot = find_health(health, route.candidate);
    if (!snapshot || !snapshot->latency_p50 || snapshot->latency_p50->count() < 0)
        return std::nullopt;
    return snapshot->latency_p50;
}

// Known values ascending, unknown ones last; stable for ties.
template <typename Key>
void sort_known_first(std::vector<RouteCandidate>& candidates, Key key) {
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const RouteCandidate& a, const RouteCandidate& b) {
                         auto ka = key(a);
                         auto kb = key(b);
                         if (ka && kb)
                             return *ka < *kb;
                         return ka.has_value() && !kb.has_value();
                     });
}

}  // namespace

const char* to_string(Strategy strategy) {
    switch (strategy) {
        case Strategy::ordered:
            return "ordered";
        case Strategy::latency:
            return "latency";
        case Strategy::cost:
            return "cost";
        case Strategy::weighted:
            return "weighted";
    }
    return "ordered";
}

std::optional<Strategy> parse_strategy(std::string_view text) {
    for (Strategy s : {Strategy::ordered, Strategy::latency, Strategy::cost, Strategy::weighted}) {
        if (text == to_string(s))
            return s;
    }
    return std::nullopt;
}

std::vector<std::string> all_strategy_names() {
    return {"ordered", "latency", "cost", "weighted"};
}

std::optional<double> blended_price(const config::ModelConfig& model) {
    if (!model.price)
        return std::nullopt;
    return (3.0 * model.price->input + model.price->output) / 4.0;
}

double weighted_score(const std::vector<RouteCandidate>& candidates, size_t index,
                      const HealthMap& health) {
    std::optional<Duration> fastest;
    std::optional<double> cheapest;
    for (const RouteCandidate& route : candidates) {
        if (auto latency = latency_of(route, health))
            fastest = fastest ? std::min(*fastest, *latency) : *latency;
        if (auto price = blended_price(route.model))
            cheapest = cheapest ? std::min(*cheapest, *price) : *price;
    }

    const RouteCandidate& route = candidates[index];
    const HealthSnapshot* snapshot = find_health(health, route.candidate);
    double reliability = k_unknown_term;
    if (snapshot && snapshot->success_rate)
        reliability = std::clamp(*snapshot->success_rate, 0.0, 1.0);

    double speed = k_unknown_term;
    if (auto latency = latency_of(route, health)) {
        // A 0 ms latency (a cache, a fake) is as fast as it gets.
        speed = latency->count() == 0
                    ? 1.0
                    : static_cast<double>(fastest->count()) / static_cast<double>(latency->count());
    }

    double thrift = k_unknown_term;
    if (auto price = blended_price(route.model))
        thrift = *price <= 0.0 ? 1.0 : *cheapest / *price;

    const double preference = 1.0 - static_cast<double>(index) /
                                        static_cast<double>(std::max<size_t>(candidates.size(), 1));
    return 0.4 * reliability + 0.2 * speed + 0.2 * thrift + 0.2 * preference;
}

std::vector<RouteCandidate> order_candidates(std::vector<RouteCandidate> candidates,
                                             Strategy strategy, const HealthMap& health) {
    switch (strategy) {
        case Strategy::ordered:
            break;
        case Strategy::latency:
            sort_known_first(candidates,
                             [&](const RouteCandidate& r) { return latency_of(r, health); });
            break;
        case Strategy::cost:
            sort_known_first(candidates,
                             [](const RouteCandidate& r) { return blended_price(r.model); });
            break;
        case Strategy::weighted: {
            std::vector<std::pair<double, size_t>> scored;
            for (size_t i = 0; i < candidates.size(); ++i)
                scored.emplace_back(weighted_score(candidates, i, health), i);
            std::stable_sort(scored.begin(), scored.end(),
                             [](const auto& a, const auto& b) { return a.first > b.first; });
            std::vector<RouteCandidate> ordered;
            for (const auto& [score, i] : scored)
                ordered.push_back(candidates[i]);
            candidates = std::move(ordered);
            break;
        }
    }
    return candidates;
}

}  // namespace lifeline::routing
