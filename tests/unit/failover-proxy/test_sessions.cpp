// Sessions (sessions.cpp): a session that moved to another candidate stays there per lane until
// that candidate fails or the first choice answers again; tokens add up per session.

#include <gtest/gtest.h>

#include "sessions.hpp"

namespace failover_proxy {
namespace {

TEST(Sessions, ANewSessionIsNotPinned) {
    Sessions sessions;
    EXPECT_EQ(sessions.pinned("s1", "code"), std::nullopt);
}

TEST(Sessions, ASuccessOnAFallbackPinsTheSessionInThatLane) {
    Sessions sessions;
    sessions.succeeded("s1", "code", "gpt-5.5", /*first_choice=*/false);
    EXPECT_EQ(sessions.pinned("s1", "code"), "gpt-5.5");
    EXPECT_EQ(sessions.pinned("s1", "small-edit"), std::nullopt);
    EXPECT_EQ(sessions.pinned("s2", "code"), std::nullopt);
}

TEST(Sessions, ALaterFallbackSuccessMovesThePin) {
    Sessions sessions;
    sessions.succeeded("s1", "code", "gpt-5.5", false);
    sessions.succeeded("s1", "code", "qwen", false);
    EXPECT_EQ(sessions.pinned("s1", "code"), "qwen");
}

TEST(Sessions, ASuccessOnTheFirstChoiceUnpins) {
    Sessions sessions;
    sessions.succeeded("s1", "code", "gpt-5.5", false);
    sessions.succeeded("s1", "code", "claude", /*first_choice=*/true);
    EXPECT_EQ(sessions.pinned("s1", "code"), std::nullopt);
}

TEST(Sessions, UnpinGoesBackToTheLanesOrderForThatLaneOnly) {
    Sessions sessions;
    sessions.succeeded("s1", "code", "gpt-5.5", false);
    sessions.succeeded("s1", "small-edit", "gem", false);
    sessions.unpin("s1", "code");
    EXPECT_EQ(sessions.pinned("s1", "code"), std::nullopt);
    EXPECT_EQ(sessions.pinned("s1", "small-edit"), "gem");
    sessions.unpin("s1", "code");  // twice is harmless
    sessions.unpin("never-seen", "code");
    EXPECT_EQ(sessions.pinned("never-seen", "code"), std::nullopt);
}

TEST(Sessions, TokensAddUpPerSession) {
    Sessions sessions;
    EXPECT_EQ(sessions.tokens("s1"), 0);
    sessions.add_tokens("s1", 1200);
    sessions.add_tokens("s1", 300);
    sessions.add_tokens("s2", 7);
    EXPECT_EQ(sessions.tokens("s1"), 1500);
    EXPECT_EQ(sessions.tokens("s2"), 7);
    // Pinning does not touch the count.
    sessions.succeeded("s1", "code", "gpt-5.5", false);
    EXPECT_EQ(sessions.tokens("s1"), 1500);
}

TEST(Sessions, RequestsWithoutASessionAreNeverRemembered) {
    Sessions sessions;
    sessions.succeeded("", "code", "gpt-5.5", false);
    EXPECT_EQ(sessions.pinned("", "code"), std::nullopt);
    sessions.add_tokens("", 500);
    EXPECT_EQ(sessions.tokens(""), 0);
}

}  // namespace
}  // namespace failover_proxy
