#include <gtest/gtest.h>

#include <lifeline/util/result.hpp>

namespace lifeline {
namespace {

Result<int> half(int value) {
    if (value % 2 != 0)
        return fail(ErrorCode::invalid_input, std::to_string(value) + " is odd");
    return value / 2;
}

Result<int> quarter(int value) {
    const int h = LIFELINE_TRY(half(value));
    return LIFELINE_TRY(half(h));
}

TEST(Result, TryPropagatesTheFirstError) {
    EXPECT_EQ(*quarter(8), 2);
    const auto r = quarter(6);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "3 is odd");
}

TEST(Result, VoidResultCarriesOnlyAnError) {
    Status ok;
    EXPECT_TRUE(ok);
    Status bad = fail(ErrorCode::io, "disk full");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::io);
}

TEST(Error, FormatsLocationKeyPathAndMessageOnOneLine) {
    const Error e = make_error_at(ErrorCode::config, {"lifeline.yaml", 12, 5}, "lanes.code[1]",
                                  "unknown model \"gpt-55\" (known: gpt-5.5)");
    EXPECT_EQ(e.to_string(),
              "lifeline.yaml:12:5: lanes.code[1]: unknown model \"gpt-55\" (known: gpt-5.5)");
    EXPECT_EQ(make_error(ErrorCode::io, "x").to_string(), "x");
}

}  // namespace
}  // namespace lifeline
