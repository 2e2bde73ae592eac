// Who the author of a reviewed run is: the vendors of its successful ledger rows, read the same
// way from the memory, SQLite and Redis stores (a real redis-server), and the errors when the
// author cannot be known.

#include <gtest/gtest.h>

#include <lifeline/routing/decision.hpp>
#include <lifeline/routing/review_author.hpp>

#include "../state/store_fixture.hpp"
#include "routing_fixture.hpp"

namespace lifeline::routing {
namespace {

state::LedgerEntry row(std::string run, std::string provider, std::string model, std::string vendor,
                       std::optional<FailureClass> failure = std::nullopt) {
    state::LedgerEntry entry;
    entry.run_id = std::move(run);
    entry.session = "github:77:1";
    entry.lane = "code";
    entry.provider = std::move(provider);
    entry.model = std::move(model);
    entry.vendor = std::move(vendor);
    entry.failure = failure;
    return entry;
}

TEST(VendorsInRows, OnlySuccessfulOutputCounts) {
    const auto config = testing::routing_config();
    const std::vector<state::LedgerEntry> rows = {
        row("r1", "anthropic", "claude-sonnet-4-6", "anthropic", FailureClass::rate_limited),
        row("r1", "openai", "gpt-5.5", "openai"),
        // run-with-failover's own row of a proxied step: the proxy's rows speak for it.
        row("r1", "lifeline-proxy", "code", ""),
        // written before vendors were recorded: resolved from the config.
        row("r1", "gemini", "gemini-3-1-pro", ""),
    };
    EXPECT_EQ(vendors_in_rows(rows, config), (std::vector<std::string>{"google", "openai"}));
}

TEST(VendorsInRows, AModelTheConfigNoLongerHasIsUnknown) {
    const auto config = testing::routing_config();
    EXPECT_EQ(vendors_in_rows({row("r1", "old", "retired-model", "")}, config),
              (std::vector<std::string>{"unknown"}));
}

TEST(ResolveVendorRule, AReviewLaneNeedsAnAuthor) {
    auto config = testing::routing_config();
    config::LaneConfig review;
    review.name = "review";
    review.chain = {"gpt-5.5", "claude-sonnet-4-6"};
    review.different_vendor_from_author = true;
    config.lanes.push_back(review);
    auto none = resolve_vendor_rule({}, nullptr, config, "review");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::invalid_input);
    EXPECT_NE(none.error().message.find("--review-of RUN or --avoid-vendor"), std::string::npos);
    EXPECT_FALSE(resolve_vendor_rule({}, nullptr, config, "code")->active());
    auto named = resolve_vendor_rule({"", {"openai"}, false}, nullptr, config, "review");
    ASSERT_TRUE(named);
    EXPECT_EQ(named->avoid, std::vector<std::string>{"openai"});
    EXPECT_EQ(named->author, "--avoid-vendor");
}

TEST(ResolveVendorRule, ReviewOfWithoutAStoreIsUnavailable) {
    const auto config = testing::routing_config();
    auto rule = resolve_vendor_rule({"r1", {}, false}, nullptr, config, "code");
    ASSERT_FALSE(rule);
    EXPECT_EQ(rule.error().code, ErrorCode::unavailable);
    EXPECT_NE(rule.error().message.find("--avoid-vendor"), std::string::npos);
}

class ReviewAuthorStore : public lifeline::testing::StoreTest {};

TEST_P(ReviewAuthorStore, TheAuthorsVendorsComeFromTheLedgerAndSteerTheDecision) {
    const auto config = testing::routing_config();
    // Run r1 failed over mid-session from Claude to GPT (through the proxy); run r2 is another.
    ASSERT_TRUE(store->append_ledger(
        row("r1", "anthropic", "claude-sonnet-4-6", "anthropic", FailureClass::overloaded)));
    ASSERT_TRUE(store->append_ledger(row("r1", "openai", "gpt-5.5", "openai")));
    ASSERT_TRUE(store->append_ledger(row("r1", "lifeline-proxy", "code", "")));
    ASSERT_TRUE(store->append_ledger(row("r2", "gemini", "gemini-3-1-pro", "google")));

    auto rule = resolve_vendor_rule({"r1", {}, false}, store.get(), config, "us-only");
    ASSERT_TRUE(rule) << rule.error().to_string();
    EXPECT_EQ(rule->avoid, std::vector<std::string>{"openai"});
    EXPECT_EQ(rule->author, "run r1");

    RoutingRequest request = testing::lane_request(config, "us-only");
    request.vendor_rule = *rule;
    const Decision decision = decide_route(request);
    EXPECT_EQ(testing::chain_models(decision),
              (std::vector<std::string>{"claude-sonnet-4-6", "gemini-3-1-pro"}));
    EXPECT_NE(testing::reason_for(decision, "gpt-5.5").find("same vendor as the author of run r1"),
              std::string::npos);
}

TEST_P(ReviewAuthorStore, ASessionNamesEveryRunInIt) {
    const auto config = testing::routing_config();
    ASSERT_TRUE(store->append_ledger(row("r1", "openai", "gpt-5.5", "openai")));
    ASSERT_TRUE(store->append_ledger(row("r2", "gemini", "gemini-3-1-pro", "google")));
    auto rule = resolve_vendor_rule({"github:77:1", {"xai"}, false}, store.get(), config, "");
    ASSERT_TRUE(rule) << rule.error().to_string();
    EXPECT_EQ(rule->avoid, (std::vector<std::string>{"google", "openai", "xai"}));
    EXPECT_EQ(rule->author, "run github:77:1 and --avoid-vendor");
}

TEST_P(ReviewAuthorStore, ARunWithoutSuccessfulOutputIsAnError) {
    const auto config = testing::routing_config();
    ASSERT_TRUE(store->append_ledger(
        row("r1", "openai", "gpt-5.5", "openai", FailureClass::quota_exhausted)));
    for (const char* run : {"r1", "never-ran"}) {
        auto rule = resolve_vendor_rule({run, {}, false}, store.get(), config, "");
        ASSERT_FALSE(rule) << run;
        EXPECT_EQ(rule.error().code, ErrorCode::invalid_input);
        EXPECT_NE(rule.error().message.find("no successful attempt"), std::string::npos);
    }
}

LIFELINE_ALL_BACKENDS(ReviewAuthorStore);

}  // namespace
}  // namespace lifeline::routing
