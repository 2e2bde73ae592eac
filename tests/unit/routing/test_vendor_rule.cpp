// Cross-vendor review in the routing decision: the author's vendors are rejected with a reason,
// an unknown vendor never counts as different, and when every usable candidate shares the
// author's vendor the decision says so (or, allowed, reviews with it and warns).

#include <gtest/gtest.h>

#include <lifeline/routing/decision.hpp>
#include <lifeline/routing/vendor_rule.hpp>

#include "routing_fixture.hpp"

namespace lifeline::routing {
namespace {

using testing::chain_models;
using testing::lane_request;
using testing::reason_for;
using testing::routing_config;

VendorRule avoiding(std::vector<std::string> vendors, std::string author = "run r1") {
    VendorRule rule;
    add_avoided(rule, vendors, author);
    return rule;
}

TEST(VendorList, IsTrimmedLowerCasedAndDeduplicated) {
    auto vendors = parse_vendor_list(" OpenAI, anthropic,,openai ", "--avoid-vendor");
    ASSERT_TRUE(vendors) << vendors.error().to_string();
    EXPECT_EQ(*vendors, (std::vector<std::string>{"openai", "anthropic"}));
    auto bad = parse_vendor_list("openai,open ai", "--avoid-vendor");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::invalid_input);
    EXPECT_NE(bad.error().message.find("--avoid-vendor"), std::string::npos);
}

TEST(VendorList, AnOrganisationsOtherNamesAreTheVendorTheDefaultsGive) {
    auto vendors = parse_vendor_list("x-ai,meta-llama,mistralai,xai", "--avoid-vendor");
    ASSERT_TRUE(vendors) << vendors.error().to_string();
    EXPECT_EQ(*vendors, (std::vector<std::string>{"xai", "meta", "mistral"}));
}

TEST(VendorList, ReviewFallbackIsFailOrSameVendor) {
    EXPECT_FALSE(*parse_review_fallback("fail"));
    EXPECT_TRUE(*parse_review_fallback("same-vendor"));
    EXPECT_FALSE(parse_review_fallback("any"));
}

TEST(VendorViolation, UnknownNeverCountsAsDifferent) {
    const VendorRule rule = avoiding({"openai"});
    EXPECT_EQ(vendor_violation("anthropic", rule), "");
    EXPECT_NE(vendor_violation("openai", rule).find("same vendor as the author of run r1"),
              std::string::npos);
    EXPECT_NE(vendor_violation("unknown", rule).find("vendor unknown"), std::string::npos);
    // An author with an unknown vendor: nobody is provably different.
    EXPECT_NE(vendor_violation("anthropic", avoiding({"openai", "unknown"})).find("unknown"),
              std::string::npos);
    EXPECT_EQ(vendor_violation("openai", VendorRule{}), "");  // no rule, no constraint
}

TEST(ReviewDecision, SkipsTheAuthorsVendorAndSaysWhy) {
    const auto config = routing_config();
    RoutingRequest request = lane_request(config, "us-only");  // claude, gpt-5.5, gemini
    request.vendor_rule = avoiding({"anthropic"});
    const Decision decision = decide_route(request);
    EXPECT_EQ(chain_models(decision), (std::vector<std::string>{"gpt-5.5", "gemini-3-1-pro"}));
    EXPECT_NE(reason_for(decision, "claude-sonnet-4-6").find("same vendor as the author"),
              std::string::npos);
    ASSERT_TRUE(decision.review);
    EXPECT_EQ(decision.review->chosen_vendor, "openai");
    EXPECT_EQ(decision.review->reason,
              "openai differs from the author's vendor anthropic (run r1)");
    EXPECT_TRUE(decision.warnings.empty());
}

TEST(ReviewDecision, AnUnknownVendorIsNeverChosenAsReviewer) {
    const auto config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");     // gpt x2, mistral, local-coder
    request.candidates.candidates[3].model.id = "house-model";  // a local model nobody can name
    request.vendor_rule = avoiding({"openai", "mistral"});
    const Decision decision = decide_route(request);
    EXPECT_FALSE(decision.has_choice());
    ASSERT_TRUE(decision.review);
    EXPECT_TRUE(decision.review->all_same_vendor);
    ASSERT_EQ(decision.rejected.size(), 4u);
    EXPECT_EQ(decision.rejected.front().model, "gpt-5.5");  // lane order kept
    EXPECT_NE(reason_for(decision, "local-coder").find("vendor unknown"), std::string::npos);
}

TEST(ReviewDecision, EveryCandidateOfTheAuthorsVendorChoosesNoneAndSaysSo) {
    const auto config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");
    request.candidates.candidates.resize(2);  // gpt-5.5, gpt-5.5-mini: both openai
    request.vendor_rule = avoiding({"openai"});
    const Decision decision = decide_route(request);
    EXPECT_FALSE(decision.has_choice());
    ASSERT_TRUE(decision.review);
    EXPECT_TRUE(decision.review->all_same_vendor);
    EXPECT_FALSE(decision.review->same_vendor_fallback);
    ASSERT_EQ(decision.warnings.size(), 1u);
    EXPECT_NE(
        decision.warnings[0].find("every usable candidate shares the author's vendor (openai)"),
        std::string::npos);
    EXPECT_NE(decision.review->reason.find("no candidate of another vendor than openai"),
              std::string::npos);
}

TEST(ReviewDecision, AnotherVendorThatIsOnlyUnusableNowIsNoMissingReviewer) {
    const auto config = routing_config();
    RoutingRequest request = lane_request(config, "us-only");  // claude, gpt-5.5, gemini
    for (const RouteCandidate& route : request.candidates.candidates) {
        if (route.candidate.model != "gpt-5.5")
            request.health[route.candidate.label()].circuit = policy::CircuitState::open;
    }
    request.vendor_rule = avoiding({"openai"});
    const Decision decision = decide_route(request);
    EXPECT_FALSE(decision.has_choice());
    ASSERT_TRUE(decision.review);
    // Transient, not "no cross-vendor reviewer": the tools report the circuits, a retry helps.
    EXPECT_FALSE(decision.review->all_same_vendor);
    EXPECT_NE(reason_for(decision, "claude-sonnet-4-6").find("circuit"), std::string::npos);
    EXPECT_NE(reason_for(decision, "gpt-5.5").find("same vendor"), std::string::npos);
    ASSERT_EQ(decision.warnings.size(), 1u);
    EXPECT_NE(decision.warnings[0].find("is unusable now"), std::string::npos);
}

TEST(ReviewDecision, SameVendorFallbackReviewsAnywayWithAWarning) {
    const auto config = routing_config();
    RoutingRequest request = lane_request(config, "cheap");
    request.candidates.candidates.resize(2);
    request.vendor_rule = avoiding({"openai"});
    request.vendor_rule.allow_same_vendor = true;
    const Decision decision = decide_route(request);
    EXPECT_EQ(chain_models(decision), (std::vector<std::string>{"gpt-5.5", "gpt-5.5-mini"}));
    ASSERT_TRUE(decision.review);
    EXPECT_TRUE(decision.review->same_vendor_fallback);
    ASSERT_EQ(decision.warnings.size(), 1u);
    EXPECT_NE(decision.warnings[0].find("reviewing with the same vendor anyway"),
              std::string::npos);
}

TEST(ReviewDecision, OtherRejectionsComeFirstThenTheVendorRule) {
    const auto config = routing_config();
    RoutingRequest request = lane_request(config, "us-only");
    request.constraints.min_context = 300000;  // claude's 200k window is too small
    request.vendor_rule = avoiding({"openai"});
    const Decision decision = decide_route(request);
    EXPECT_EQ(chain_models(decision), (std::vector<std::string>{"gemini-3-1-pro"}));
    EXPECT_NE(reason_for(decision, "claude-sonnet-4-6").find("context window"), std::string::npos);
    EXPECT_NE(reason_for(decision, "gpt-5.5").find("same vendor"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::routing
