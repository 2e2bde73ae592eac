#include <gtest/gtest.h>

#include <lifeline/core/exit_codes.hpp>

namespace lifeline {
namespace {

TEST(ExitCodes, MatchThePublishedContract) {
    EXPECT_EQ(to_int(ExitCode::ok), 0);
    EXPECT_EQ(to_int(ExitCode::failed), 1);
    EXPECT_EQ(to_int(ExitCode::usage), 2);
    EXPECT_EQ(to_int(ExitCode::all_transient), 75);
    EXPECT_EQ(to_int(ExitCode::auth_failed), 77);
    EXPECT_EQ(to_int(ExitCode::interrupted), 130);
    EXPECT_EQ(to_int(ExitCode::terminated), 143);
}

}  // namespace
}  // namespace lifeline
