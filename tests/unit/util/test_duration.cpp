#include <gtest/gtest.h>

#include <lifeline/util/duration.hpp>

namespace lifeline {
namespace {

struct DurationCase {
    const char* text;
    int64_t ms;
};

class ParseDuration : public ::testing::TestWithParam<DurationCase> {};

TEST_P(ParseDuration, AcceptsGoStyleDurations) {
    const auto parsed = parse_duration(GetParam().text);
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(parsed->count(), GetParam().ms);
}

INSTANTIATE_TEST_SUITE_P(Examples, ParseDuration,
                         ::testing::Values(DurationCase{"250ms", 250}, DurationCase{"1.5s", 1500},
                                           DurationCase{"6m0s", 360'000},
                                           DurationCase{"55m", 3'300'000},
                                           DurationCase{"1h30m", 5'400'000},
                                           DurationCase{"11.054s", 11'054}, DurationCase{"0s", 0},
                                           DurationCase{"0", 0},
                                           DurationCase{"2h0m0.5s", 7'200'500}));

TEST(ParseDurationErrors, RejectsMissingUnitWithAHint) {
    const auto parsed = parse_duration("30");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_input);
    EXPECT_NE(parsed.error().message.find("missing unit"), std::string::npos);
    EXPECT_NE(parsed.error().message.find("examples"), std::string::npos);
}

TEST(ParseDurationErrors, RejectsUnknownUnitsNegativesAndEmpty) {
    EXPECT_FALSE(parse_duration("5d"));
    EXPECT_FALSE(parse_duration("-5s"));
    EXPECT_FALSE(parse_duration(""));
    EXPECT_FALSE(parse_duration("s"));
    EXPECT_FALSE(parse_duration("1.2.3s"));
}

TEST(FormatDuration, PrintsLikeGo) {
    EXPECT_EQ(format_duration(Duration{0}), "0s");
    EXPECT_EQ(format_duration(Duration{250}), "250ms");
    EXPECT_EQ(format_duration(Duration{1500}), "1.5s");
    EXPECT_EQ(format_duration(Duration{360'000}), "6m0s");
    EXPECT_EQ(format_duration(Duration{5'400'000}), "1h30m0s");
    EXPECT_EQ(format_duration(Duration{11'054}), "11.054s");
}

TEST(FormatDuration, RoundTripsThroughParse) {
    for (int64_t ms : {1, 999, 1000, 61'001, 3'600'000, 86'399'999}) {
        const auto parsed = parse_duration(format_duration(Duration{ms}));
        ASSERT_TRUE(parsed);
        EXPECT_EQ(parsed->count(), ms);
    }
}

}  // namespace
}  // namespace lifeline
