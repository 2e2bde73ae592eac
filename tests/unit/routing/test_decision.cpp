// decide_route: constraints, health, strategies and diversity as a pipeline sees them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "routing_fixture.hpp"

namespace lifeline::routing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace lifeline::routing::testing;

TEST(DecideRoute, KeepsTheLaneOrderWhenEverythingQualifies) {
    const config::Config config = routing_config();
    const Decision decision = decide_route(lane_request(config, "code"));
    ASSERT_TRUE(decision.has_choice());
    EXPECT_EQ(decision.chosen().candidate.label(), "anthropic/claude-sonnet-4-6");
    EXPECT_THAT(chain_models(decision),
                ElementsAre("claude-sonnet-4-6", "gpt-5.5", "mistral-large"));
    EXPECT_TRUE(decision.rejected.empty());
    EXPECT_TRUE(decision.warnings.empty());
}

TEST(DecideRoute, ExplicitChainIsUsedAsWrittenAndRepeatsAreDropped) {
    const config::Config config = routing_config();
    RoutingRequest request;
    request.candidates =
        build_candidates(config, {"", {"mistral-large", "gpt-5.5", "mistral-large"}}).value();
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision), ElementsAre("mistral-large", "gpt-5.5"));
}

TEST(DecideRoute, UnknownLaneAndModelSuggestTheClosestName) {
    const config::Config config = routing_config();
    auto lane = build_candidates(config, {"cdoe", {}});
    ASSERT_FALSE(lane);
    EXPECT_EQ(lane.error().code, ErrorCode::invalid_input);
    EXPECT_THAT(lane.error().message, HasSubstr("unknown lane \"cdoe\" (did you mean \"code\"?)"));

    auto chain = build_candidates(config, {"", {"gpt-55"}});
    ASSERT_FALSE(chain);
    EXPECT_THAT(chain.error().message, HasSubstr("did you mean \"gpt-5.5\""));

    EXPECT_FALSE(build_candidates(config, {"code", {"gpt-5.5"}}));
}

TEST(DecideRoute, EmptyLaneHasNoChoiceAndSaysWhy) {
    // The loader refuses an empty lane, but an imported Codex config can produce one.
    config::Config config = routing_config();
    config::LaneConfig empty;
    empty.name = "empty";
    config.lanes.push_back(empty);
    const Decision decision = decide_route(lane_request(config, "empty"));
    EXPECT_FALSE(decision.has_choice());
    EXPECT_THAT(decision.warnings, ElementsAre("lane empty lists no models"));
}

TEST(DecideRoute, AllRejectedListsEveryReason) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.constraints.needs = {"responses"};
    request.constraints.deny_jurisdictions = {"us"};
    const Decision decision = decide_route(request);
    EXPECT_FALSE(decision.has_choice());
    ASSERT_EQ(decision.rejected.size(), 3u);
    EXPECT_EQ(reason_for(decision, "claude-sonnet-4-6"),
              "lacks capability responses; jurisdiction US denied");
    EXPECT_EQ(reason_for(decision, "gpt-5.5"), "jurisdiction US denied");
    EXPECT_EQ(reason_for(decision, "mistral-large"), "lacks capability responses");
    EXPECT_EQ(decision.rejected[0].provider, "anthropic");
}

TEST(DecideRoute, LongContextLaneNeverFallsBackBelowItsMinimum) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "long-context");
    request.constraints.min_context = 1000;  // a flag cannot lower the lane's minimum
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision), ElementsAre("gemini-3-1-pro", "gpt-5.5"));
    EXPECT_EQ(reason_for(decision, "claude-sonnet-4-6"), "context window 200000 < 400000");
    EXPECT_EQ(reason_for(decision, "mistral-large"), "context window 128000 < 400000");
}

TEST(DecideRoute, MinContextFlagRejectsUnknownWindows) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");
    request.constraints.min_context = 100000;
    const Decision decision = decide_route(request);
    EXPECT_EQ(reason_for(decision, "local-coder"), "context window unknown (needs >= 100000)");
    EXPECT_THAT(chain_models(decision), ElementsAre("gpt-5.5", "gpt-5.5-mini", "mistral-large"));
}

TEST(DecideRoute, RegionMatchesExactlyOrAsAPrefix) {
    const config::Config config = routing_config();
    RoutingRequest request;
    request.candidates =
        build_candidates(config,
                         {"", {"gpt-5.5", "claude-sonnet-4-6", "mistral-large", "gemini-3-1-pro"}})
            .value();
    request.constraints.region = "eu";
    const Decision decision = decide_route(request);
    // openai declares eu-west, mistral eu; anthropic only us; gemini declares nothing.
    EXPECT_THAT(chain_models(decision), ElementsAre("gpt-5.5", "mistral-large"));
    EXPECT_EQ(reason_for(decision, "claude-sonnet-4-6"), "regions us exclude eu");
    EXPECT_EQ(reason_for(decision, "gemini-3-1-pro"), "no region declared (needs eu)");
}

TEST(DecideRoute, MaxPriceRejectsExpensiveAndUnpricedModels) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");
    request.constraints = with_max_price(request.constraints, "1/5").value();
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision), ElementsAre("gpt-5.5-mini"));
    EXPECT_EQ(reason_for(decision, "gpt-5.5"),
              "input price 1.25 > 1 USD/1M; output price 10 > 5 USD/1M");
    EXPECT_EQ(reason_for(decision, "mistral-large"), "unpriced (a max price is set)");
}

TEST(DecideRoute, MaxPriceParsing) {
    auto only_output = with_max_price({}, "/10");
    ASSERT_TRUE(only_output);
    EXPECT_FALSE(only_output->max_price_input);
    EXPECT_DOUBLE_EQ(*only_output->max_price_output, 10.0);
    auto both = with_max_price({}, "2.5/*");
    ASSERT_TRUE(both);
    EXPECT_DOUBLE_EQ(*both->max_price_input, 2.5);
    EXPECT_FALSE(both->max_price_output);
    EXPECT_FALSE(with_max_price({}, "3"));
    EXPECT_FALSE(with_max_price({}, "cheap/15"));
    EXPECT_FALSE(with_max_price({}, "-1/15"));
}

TEST(DecideRoute, KindsConstraintNamesTheConsumer) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.constraints.kinds = {config::ProviderKind::openai,
                                 config::ProviderKind::openai_compatible};
    request.constraints.kinds_for = "codex";
    const Decision decision = decide_route(request);
    EXPECT_EQ(reason_for(decision, "claude-sonnet-4-6"), "kind anthropic cannot serve codex");
    EXPECT_EQ(decision.chosen().candidate.model, "gpt-5.5");
}

TEST(DecideRoute, OpenCircuitIsSkippedHalfOpenIsNot) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.health["anthropic/claude-sonnet-4-6"].circuit = policy::CircuitState::open;
    request.health["anthropic/claude-sonnet-4-6"].circuit_reason =
        "3 consecutive failures (last: overloaded)";
    request.health["openai/gpt-5.5"].circuit = policy::CircuitState::half_open;
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision), ElementsAre("gpt-5.5", "mistral-large"));
    EXPECT_EQ(reason_for(decision, "claude-sonnet-4-6"),
              "circuit open: 3 consecutive failures (last: overloaded)");
}

TEST(DecideRoute, LastProbeAuthQuotaOrRegionBlockRejectsTransientDoesNot) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");
    request.health["openai/gpt-5.5"] = {FailureClass::auth,           0.0, std::nullopt,
                                        policy::CircuitState::closed, "",  "probe-results"};
    request.health["openai/gpt-5.5-mini"].last_class = FailureClass::quota_exhausted;
    request.health["mistral/mistral-large"].last_class = FailureClass::region_blocked;
    request.health["local/local-coder"].last_class = FailureClass::rate_limited;
    const Decision decision = decide_route(request);
    EXPECT_THAT(chain_models(decision), ElementsAre("local-coder"));
    EXPECT_EQ(reason_for(decision, "gpt-5.5"), "last probe: auth (probe-results)");
    EXPECT_EQ(reason_for(decision, "gpt-5.5-mini"), "last probe: quota_exhausted");
    EXPECT_EQ(reason_for(decision, "mistral-large"), "last probe: region_blocked");
}

TEST(DecideRoute, ConstraintReasonsWinOverHealthReasons) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    request.constraints.deny_jurisdictions = {"US"};
    request.health["anthropic/claude-sonnet-4-6"].circuit = policy::CircuitState::open;
    const Decision decision = decide_route(request);
    EXPECT_EQ(reason_for(decision, "claude-sonnet-4-6"), "jurisdiction US denied");
}

TEST(DecideRoute, PolicyChainCarriesCredentialsAndWindows) {
    const config::Config config = routing_config();
    const Decision decision = decide_route(lane_request(config, "code"));
    const std::vector<policy::Candidate> chain = decision.policy_chain();
    ASSERT_EQ(chain.size(), 3u);
    EXPECT_EQ(chain[0].credential, "anthropic:env:ANTHROPIC_API_KEY");
    EXPECT_EQ(chain[1].context_window, 400000);
    EXPECT_EQ(chain[2].jurisdiction, "EU");
}

}  // namespace
}  // namespace lifeline::routing
