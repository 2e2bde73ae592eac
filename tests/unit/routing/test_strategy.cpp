// Ordering strategies and jurisdiction diversity.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <lifeline/routing/diversity.hpp>

#include "routing_fixture.hpp"

namespace lifeline::routing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace lifeline::routing::testing;
using namespace std::chrono_literals;

HealthSnapshot with_latency(Duration p50, std::optional<double> success = std::nullopt) {
    HealthSnapshot snapshot;
    snapshot.latency_p50 = p50;
    snapshot.success_rate = success;
    return snapshot;
}

TEST(Strategy, ParsesEveryNameAndRejectsOthers) {
    for (const std::string& name : all_strategy_names())
        EXPECT_EQ(to_string(*parse_strategy(name)), name);
    EXPECT_FALSE(parse_strategy("fastest"));
}

TEST(Strategy, LatencyPutsTheFastestFirstAndUnknownLast) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.strategy = Strategy::latency;
    request.health["openai/gpt-5.5"] = with_latency(420ms);
    request.health["mistral/mistral-large"] = with_latency(180ms);
    const Decision decision = decide_route(request);
    EXPECT_EQ(decision.strategy, "latency");
    EXPECT_THAT(chain_models(decision),
                ElementsAre("mistral-large", "gpt-5.5", "claude-sonnet-4-6"));
}

TEST(Strategy, LatencyTiesKeepLaneOrder) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.strategy = Strategy::latency;
    for (const char* label :
         {"anthropic/claude-sonnet-4-6", "openai/gpt-5.5", "mistral/mistral-large"})
        request.health[label] = with_latency(300ms);
    EXPECT_THAT(chain_models(decide_route(request)),
                ElementsAre("claude-sonnet-4-6", "gpt-5.5", "mistral-large"));
}

TEST(Strategy, CostUsesTheBlendedPriceAndPutsUnpricedLast) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");
    request.strategy = Strategy::cost;
    // blended: gpt-5.5 (3*1.25+10)/4 = 3.4375, mini (0.75+2)/4 = 0.6875; mistral & local unpriced.
    EXPECT_THAT(chain_models(decide_route(request)),
                ElementsAre("gpt-5.5-mini", "gpt-5.5", "mistral-large", "local-coder"));
    EXPECT_DOUBLE_EQ(*blended_price(*config.find_model("gpt-5.5")), 3.4375);
    EXPECT_FALSE(blended_price(*config.find_model("mistral-large")));
}

TEST(Strategy, WeightedLetsReliabilityOutweighTheLaneOrder) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.strategy = Strategy::weighted;
    request.health["anthropic/claude-sonnet-4-6"] = with_latency(900ms, 0.40);
    request.health["openai/gpt-5.5"] = with_latency(450ms, 0.99);
    request.health["mistral/mistral-large"] = with_latency(300ms, 0.95);
    const Decision decision = decide_route(request);
    EXPECT_EQ(decision.chosen().candidate.model, "gpt-5.5");
    EXPECT_EQ(chain_models(decision).back(), "claude-sonnet-4-6");
}

TEST(Strategy, WeightedWithoutDataKeepsTheLaneOrder) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "us-only");
    request.strategy = Strategy::weighted;
    // No health data: reliability and speed count 0.5 for everyone, so price and the lane's
    // order decide. gpt-5.5 is second in the lane but much cheaper than claude.
    const std::vector<RouteCandidate>& c = request.candidates.candidates;
    const double claude = weighted_score(c, 0, request.health);
    const double gpt = weighted_score(c, 1, request.health);
    // claude: 0.4*0.5 + 0.2*0.5 + 0.2*(3.4375/6.0) + 0.2*1; gpt: ... + 0.2*1 + 0.2*(2/3).
    EXPECT_NEAR(claude, 0.2 + 0.1 + 0.2 * (3.4375 / 6.0) + 0.2, 1e-9);
    EXPECT_NEAR(gpt, 0.2 + 0.1 + 0.2 + 0.2 * (2.0 / 3.0), 1e-9);
    EXPECT_GT(gpt, claude);  // cheaper and nearly as preferred: weighted moves it up
    EXPECT_EQ(decide_route(request).chosen().candidate.model, "gpt-5.5");
}

TEST(Diversity, MovesTheFirstOtherJurisdictionToSecondPlace) {
    config::Config config = routing_config();
    RoutingRequest request;
    request.candidates =
        build_candidates(config,
                         {"", {"gpt-5.5", "claude-sonnet-4-6", "gemini-3-1-pro", "mistral-large"}})
            .value();
    request.diversity = config::PolicyConfig::Diversity::require_two_jurisdictions;
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision),
                ElementsAre("gpt-5.5", "mistral-large", "claude-sonnet-4-6", "gemini-3-1-pro"));
    EXPECT_TRUE(decision.warnings.empty());
}

TEST(Diversity, AlreadyDiverseChainIsLeftAlone) {
    const config::Config config = routing_config();
    RoutingRequest request;
    request.candidates =
        build_candidates(config, {"", {"gpt-5.5", "mistral-large", "claude-sonnet-4-6"}}).value();
    request.diversity = config::PolicyConfig::Diversity::require_two_jurisdictions;
    EXPECT_THAT(chain_models(decide_route(request)),
                ElementsAre("gpt-5.5", "mistral-large", "claude-sonnet-4-6"));
}

TEST(Diversity, ImpossibleDiversityWarnsLoudly) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "us-only");
    request.diversity = config::PolicyConfig::Diversity::require_two_jurisdictions;
    const Decision decision = decide_route(request);
    ASSERT_TRUE(decision.has_choice());
    ASSERT_EQ(decision.warnings.size(), 1u);
    EXPECT_THAT(decision.warnings[0], HasSubstr("require-two-jurisdictions cannot be met"));
    EXPECT_THAT(decision.warnings[0], HasSubstr("spans only US"));
}

TEST(Diversity, RejectionsCanMakeDiversityImpossible) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.diversity = config::PolicyConfig::Diversity::require_two_jurisdictions;
    request.health["mistral/mistral-large"].circuit = policy::CircuitState::open;
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision), ElementsAre("claude-sonnet-4-6", "gpt-5.5"));
    ASSERT_EQ(decision.warnings.size(), 1u);
}

TEST(Diversity, NonePolicyNeverReorders) {
    const config::Config config = routing_config();
    std::vector<RouteCandidate> chain =
        build_candidates(config, {"", {"gpt-5.5", "claude-sonnet-4-6", "mistral-large"}})
            ->candidates;
    EXPECT_EQ(apply_diversity(chain, config::PolicyConfig::Diversity::none), "");
    EXPECT_EQ(chain[1].candidate.model, "claude-sonnet-4-6");
    EXPECT_THAT(chain_jurisdictions(chain), ElementsAre("EU", "US"));
}

}  // namespace
}  // namespace lifeline::routing
