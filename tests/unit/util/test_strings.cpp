#include <gtest/gtest.h>

#include <lifeline/util/strings.hpp>

namespace lifeline {
namespace {

TEST(Strings, SplitListTrimsAndDropsEmptyParts) {
    EXPECT_EQ(split_list(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
}

TEST(Strings, CaseInsensitiveHelpers) {
    EXPECT_TRUE(iequals("Retry-After", "retry-after"));
    EXPECT_TRUE(icontains("User LOCATION is not supported", "location is not"));
    EXPECT_FALSE(icontains("abc", "abd"));
}

TEST(Strings, ClosestMatchSuggestsPlausibleTyposOnly) {
    const std::vector<std::string> keys = {"providers", "models", "lanes", "retry", "budget"};
    EXPECT_EQ(closest_match("provders", keys), "providers");
    EXPECT_EQ(closest_match("lane", keys), "lanes");
    EXPECT_EQ(closest_match("zzzzzzzz", keys), "");
}

}  // namespace
}  // namespace lifeline
