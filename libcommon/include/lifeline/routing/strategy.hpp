#pragma once
// How the qualifying candidates are ordered. Every strategy is stable: ties keep lane order.
//
//   ordered   the lane's order as written.
//   latency   fastest recent p50 latency first; unknown latency after every known one.
//   cost      cheapest blended price first, blended = (3 * input + output) / 4 USD per 1M
//             tokens (agent turns read far more than they write); unpriced models last.
//   weighted  highest score first, where each term is in 0..1 and unknown terms count 0.5:
//               score = 0.4 * success_rate
//                     + 0.2 * (fastest p50 / this p50)
//                     + 0.2 * (cheapest blended price / this blended price)
//                     + 0.2 * (1 - position / candidates)       (the lane's own preference)
//             so reliability dominates, and speed, price and the lane's order break the rest.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/routing/health.hpp>
#include <lifeline/routing/route_candidate.hpp>

namespace lifeline::routing {

enum class Strategy { ordered, latency, cost, weighted };

// "ordered", "latency", "cost", "weighted".
const char* to_string(Strategy strategy);
std::optional<Strategy> parse_strategy(std::string_view text);
std::vector<std::string> all_strategy_names();

// The blended price of a model (see above); nullopt when unpriced.
std::optional<double> blended_price(const config::ModelConfig& model);

// The weighted score of `candidates[index]` among `candidates` (see above).
double weighted_score(const std::vector<RouteCandidate>& candidates, size_t index,
                      const HealthMap& health);

// `candidates` reordered by `strategy` (stable).
std::vector<RouteCandidate> order_candidates(std::vector<RouteCandidate> candidates,
                                             Strategy strategy, const HealthMap& health);

}  // namespace lifeline::routing
