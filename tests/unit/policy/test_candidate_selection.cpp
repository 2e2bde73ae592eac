#include <gtest/gtest.h>

#include <lifeline/policy/candidate_selection.hpp>

#include "chain_fixtures.hpp"

namespace lifeline::policy {
namespace {

using testing::anthropic_sonnet;
using testing::gemini_pro;
using testing::mistral_large;
using testing::openai_gpt55;
using testing::openai_gpt55_mini;
using testing::openrouter_deepseek;

ChainState state_after(std::vector<Candidate> candidates, size_t current,
                       std::vector<AttemptRecord> history) {
    ChainState state;
    state.candidates = std::move(candidates);
    state.current = current;
    state.history = std::move(history);
    return state;
}

AttemptRecord failed_on(size_t candidate, FailureClass failure_class) {
    return AttemptRecord{candidate, AttemptOutcome::failed(failure_class), 0};
}

TEST(CandidateSelection, TakesTheNextUntriedCandidateInOrder) {
    const ChainState state = state_after({openai_gpt55(), anthropic_sonnet(), gemini_pro()}, 0,
                                         {failed_on(0, FailureClass::server_error)});
    const Selection s =
        select_next_candidate(state, collect_exclusions(state.candidates, state.history));
    ASSERT_TRUE(s.index);
    EXPECT_EQ(*s.index, 1U);
    EXPECT_TRUE(s.skipped.empty());
}

TEST(CandidateSelection, RejectedCredentialRulesOutEveryCandidateUsingIt) {
    const ChainState state = state_after({openai_gpt55(), openai_gpt55_mini(), anthropic_sonnet()},
                                         0, {failed_on(0, FailureClass::auth)});
    const Selection s =
        select_next_candidate(state, collect_exclusions(state.candidates, state.history));
    ASSERT_TRUE(s.index);
    EXPECT_EQ(*s.index, 2U);
    ASSERT_EQ(s.skipped.size(), 1U);
    EXPECT_EQ(s.skipped[0], "openai/gpt-5.5-mini: credential rejected");
}

TEST(CandidateSelection, ContextExceededNeedsAStrictlyLargerKnownWindow) {
    Candidate unknown = openrouter_deepseek();
    unknown.context_window = 0;
    const ChainState state = state_after(
        {anthropic_sonnet(), mistral_large(), unknown, openai_gpt55_mini(), gemini_pro()}, 0,
        {failed_on(0, FailureClass::context_exceeded)});
    const Selection s =
        select_next_candidate(state, collect_exclusions(state.candidates, state.history));
    ASSERT_TRUE(s.index);
    EXPECT_EQ(*s.index, 3U);  // 400k > 200k; mistral 128k and the unknown window are skipped
    ASSERT_EQ(s.skipped.size(), 2U);
    EXPECT_EQ(s.skipped[0], "mistral/mistral-large: context window 128000 <= 200000");
    EXPECT_EQ(s.skipped[1], "openrouter/deepseek-v4: context window unknown");
}

TEST(CandidateSelection, RegionBlockPrefersAnotherJurisdictionAndKeepsTheSameOneLast) {
    // Gemini answered FAILED_PRECONDITION "User location is not supported for the API use."
    const ChainState state = state_after({gemini_pro(), openai_gpt55(), mistral_large()}, 0,
                                         {failed_on(0, FailureClass::region_blocked)});
    const Exclusions exclusions = collect_exclusions(state.candidates, state.history);
    const Selection s = select_next_candidate(state, exclusions);
    ASSERT_TRUE(s.index);
    EXPECT_EQ(*s.index, 2U);  // mistral (EU) before openai (US, same jurisdiction)

    // Once the EU candidate was tried too, the US one is still a last resort.
    ChainState later = state;
    later.history.push_back(failed_on(2, FailureClass::server_error));
    later.current = 2;
    const Selection last = select_next_candidate(later, exclusions);
    ASSERT_TRUE(last.index);
    EXPECT_EQ(*last.index, 1U);
}

TEST(CandidateSelection, RegionBlockedProviderIsNeverRetriedWithAnotherModel) {
    const ChainState state = state_after({openai_gpt55(), openai_gpt55_mini()}, 0,
                                         {failed_on(0, FailureClass::region_blocked)});
    const Selection s =
        select_next_candidate(state, collect_exclusions(state.candidates, state.history));
    EXPECT_FALSE(s.index);
    ASSERT_EQ(s.skipped.size(), 1U);
    EXPECT_EQ(s.skipped[0], "openai/gpt-5.5-mini: provider blocked our region");
}

TEST(CandidateSelection, ContextFailuresBeforeACompressionNoLongerCount) {
    std::vector<AttemptRecord> history = {failed_on(0, FailureClass::context_exceeded),
                                          failed_on(0, FailureClass::server_error)};
    history[1].compress_runs = 1;  // the prompt was compressed between the two attempts
    const Exclusions exclusions =
        collect_exclusions({anthropic_sonnet(), mistral_large()}, history);
    EXPECT_FALSE(exclusions.too_small_context);
}

}  // namespace
}  // namespace lifeline::policy
