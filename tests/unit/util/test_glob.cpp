#include <string>

#include <gtest/gtest.h>

#include <lifeline/util/glob.hpp>

namespace lifeline {
namespace {

TEST(Glob, PlainPatternMatchesOnlyItselfWhole) {
    EXPECT_TRUE(glob_match("gpt-5.5", "gpt-5.5"));
    EXPECT_FALSE(glob_match("gpt-5.5", "gpt-5.5-mini"));
    EXPECT_FALSE(glob_match("gpt-5.5", "my-gpt-5.5"));
    EXPECT_FALSE(glob_match("gpt-5.5", "GPT-5.5"));
}

TEST(Glob, EmptyPatternMatchesOnlyEmptyText) {
    EXPECT_TRUE(glob_match("", ""));
    EXPECT_FALSE(glob_match("", "a"));
    EXPECT_FALSE(glob_match("a", ""));
}

TEST(Glob, StarMatchesAnyRunIncludingNone) {
    EXPECT_TRUE(glob_match("*", ""));
    EXPECT_TRUE(glob_match("*", "anything at all"));
    EXPECT_TRUE(glob_match("claude-haiku-*", "claude-haiku-4-5"));
    EXPECT_TRUE(glob_match("claude-haiku-*", "claude-haiku-"));
    EXPECT_FALSE(glob_match("claude-haiku-*", "claude-haiku"));
    EXPECT_TRUE(glob_match("*-mini", "gpt-5.5-mini"));
    EXPECT_FALSE(glob_match("*-mini", "gpt-5.5-mini-2"));
}

TEST(Glob, SeveralStars) {
    EXPECT_TRUE(glob_match("gemini-*-flash-lite*", "gemini-2.5-flash-lite"));
    EXPECT_TRUE(glob_match("gemini-*-flash-lite*", "gemini-3-1-flash-lite-preview"));
    EXPECT_FALSE(glob_match("gemini-*-flash-lite*", "gemini-2.5-flash"));
    EXPECT_TRUE(glob_match("**a**", "a"));
    EXPECT_TRUE(glob_match("a*b*c", "abc"));
    EXPECT_TRUE(glob_match("a*b*c", "a-b-b-c-c"));
    EXPECT_FALSE(glob_match("a*b*c", "a-c-b"));
    // The first star must not stop at the first "-x-": the match needs the later one.
    EXPECT_TRUE(glob_match("*-x-*-end", "a-x-b-x-c-end"));
}

TEST(Glob, QuestionMarkMatchesExactlyOneCharacter) {
    EXPECT_TRUE(glob_match("gpt-?", "gpt-5"));
    EXPECT_FALSE(glob_match("gpt-?", "gpt-"));
    EXPECT_FALSE(glob_match("gpt-?", "gpt-55"));
    EXPECT_TRUE(glob_match("?*", "x"));
    EXPECT_FALSE(glob_match("?*", ""));
    EXPECT_TRUE(glob_match("*?", "xyz"));
    EXPECT_TRUE(glob_match("???", "abc"));
    EXPECT_FALSE(glob_match("???", "ab"));
}

TEST(Glob, OtherCharactersAreLiteral) {
    EXPECT_TRUE(glob_match("a[b]", "a[b]"));
    EXPECT_FALSE(glob_match("a[b]", "ab"));
    EXPECT_TRUE(glob_match("{x}", "{x}"));
    EXPECT_TRUE(glob_match("a.b", "a.b"));
    EXPECT_FALSE(glob_match("a.b", "axb"));
    // A literal * or ? in the text is matched by the wildcards like any other character.
    EXPECT_TRUE(glob_match("a?c", "a*c"));
    EXPECT_TRUE(glob_match("a*", "a*?"));
}

TEST(Glob, PathologicalPatternStaysFast) {
    const std::string text(100'000, 'a');
    EXPECT_FALSE(glob_match("a*a*a*a*b", text));
    EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*b", text));
    EXPECT_TRUE(glob_match("a*a*a*a*a", text));
    EXPECT_TRUE(glob_match("*a*a*a*a*", text + "b"));
}

TEST(Glob, IsGlobOnlyForStarAndQuestionMark) {
    EXPECT_TRUE(is_glob("claude-*"));
    EXPECT_TRUE(is_glob("gpt-?"));
    EXPECT_FALSE(is_glob("coding-agent-auto"));
    EXPECT_FALSE(is_glob(""));
    EXPECT_FALSE(is_glob("a[b]{c}"));
}

}  // namespace
}  // namespace lifeline
