// The review flags as pick-provider, run-with-failover and failover-proxy declare them: parsed
// from a command line into ReviewFlags, then into the author whose vendors a review avoids.

#include <algorithm>

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <lifeline/app/review_options.hpp>

namespace lifeline::app {
namespace {

routing::ReviewFlags parse(std::vector<std::string> args) {
    CLI::App app;
    routing::ReviewFlags flags;
    add_review_options(app, flags);
    std::reverse(args.begin(), args.end());  // CLI11 takes the vector last argument first
    app.parse(args);
    return flags;
}

TEST(ReviewOptions, TheFlagsBecomeTheAuthorToAvoid) {
    const auto author = routing::review_author_from_flags(
        parse({"--review-of", " run-7 ", "--avoid-vendor", "OpenAI, anthropic,openai",
               "--review-fallback", "same-vendor"}));
    ASSERT_TRUE(author) << author.error().to_string();
    EXPECT_EQ(author->review_of, "run-7");
    EXPECT_EQ(author->avoid_vendors, (std::vector<std::string>{"openai", "anthropic"}));
    EXPECT_TRUE(author->allow_same_vendor);
}

TEST(ReviewOptions, NoFlagsNameNoAuthorAndFail) {
    const auto author = routing::review_author_from_flags(parse({}));
    ASSERT_TRUE(author);
    EXPECT_TRUE(author->review_of.empty());
    EXPECT_TRUE(author->avoid_vendors.empty());
    EXPECT_FALSE(author->allow_same_vendor);
}

TEST(ReviewOptions, BadValuesAreInvalidInputNamingTheFlag) {
    const auto vendor = routing::review_author_from_flags(parse({"--avoid-vendor", "open ai!"}));
    ASSERT_FALSE(vendor);
    EXPECT_EQ(vendor.error().code, ErrorCode::invalid_input);
    EXPECT_NE(vendor.error().message.find("--avoid-vendor"), std::string::npos);

    const auto fallback =
        routing::review_author_from_flags(parse({"--review-fallback", "whatever"}));
    ASSERT_FALSE(fallback);
    EXPECT_EQ(fallback.error().code, ErrorCode::invalid_input);
    EXPECT_NE(fallback.error().message.find("--review-fallback"), std::string::npos);
}

TEST(ReviewOptions, TheHelpNamesWhatFailMeansForTheTool) {
    CLI::App app;
    routing::ReviewFlags flags;
    add_review_options(app, flags, "the request gets an error");
    EXPECT_NE(app.help().find("fail (the request gets an error)"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::app
