#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include <lifeline/util/time.hpp>

namespace lifeline {
namespace {

TEST(Rfc3339, FormatsUtcWithOptionalMillis) {
    const SystemTime t = from_unix_ms(1'795'255'200'123);
    EXPECT_EQ(format_rfc3339(t), "2026-11-21T10:00:00Z");
    EXPECT_EQ(format_rfc3339(t, true), "2026-11-21T10:00:00.123Z");
}

TEST(Rfc3339, ParsesZuluFractionsAndOffsets) {
    EXPECT_EQ(to_unix_ms(*parse_rfc3339("2026-11-21T10:00:00Z")), 1'795'255'200'000);
    EXPECT_EQ(to_unix_ms(*parse_rfc3339("2026-11-21T10:00:00.5Z")), 1'795'255'200'500);
    EXPECT_EQ(to_unix_ms(*parse_rfc3339("2026-11-21T12:00:00+02:00")), 1'795'255'200'000);
    EXPECT_EQ(to_unix_ms(*parse_rfc3339("2026-11-21T09:30:00-00:30")), 1'795'255'200'000);
    // Anthropic sends microsecond-free seconds; fractions longer than ms are truncated.
    EXPECT_EQ(to_unix_ms(*parse_rfc3339("2026-11-21T10:00:00.123456Z")), 1'795'255'200'123);
}

TEST(Rfc3339, RejectsMalformedText) {
    for (const char* bad : {"", "2026-11-21", "2026-13-01T00:00:00Z", "2026-11-21T10:00:00",
                            "2026-11-21T10:00:00Zjunk", "tomorrow"}) {
        EXPECT_FALSE(parse_rfc3339(bad)) << bad;
    }
}

TEST(Rfc3339, TimesBeyondSystemTimeSaturateInsteadOfOverflowing) {
    // A Claude Code log line dated 2925 overflowed the conversion to nanoseconds
    // (tests/fuzz/regressions/budget_logs/year-2925-timestamp).
    const auto far = parse_rfc3339("2925-09-01T09:00:00+00:00");
    ASSERT_TRUE(far);
    EXPECT_EQ(*far, SystemTime::max());
    EXPECT_EQ(*parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"), SystemTime::max());
    EXPECT_EQ(from_unix_ms(std::numeric_limits<int64_t>::max()), SystemTime::max());
    EXPECT_EQ(from_unix_ms(std::numeric_limits<int64_t>::min()), SystemTime::min());
    EXPECT_EQ(to_unix_ms(*parse_rfc3339("2261-12-31T23:59:59Z")), 9'214'646'399'000);
}

TEST(HttpDate, ParsesTheThreeFormsOfRfc9110) {
    const int64_t expected = 784'111'777'000;  // 1994-11-06T08:49:37Z
    EXPECT_EQ(to_unix_ms(*parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")), expected);
    EXPECT_EQ(to_unix_ms(*parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT")), expected);
    EXPECT_EQ(to_unix_ms(*parse_http_date("Sun Nov  6 08:49:37 1994")), expected);
}

TEST(HttpDate, RejectsNonDates) {
    EXPECT_FALSE(parse_http_date("120"));
    EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
    EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"));
}

}  // namespace
}  // namespace lifeline
