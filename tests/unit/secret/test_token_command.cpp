#include <gtest/gtest.h>

#include <lifeline/secret/token_command.hpp>

#include "fake_clock.hpp"
#include "fake_keys.hpp"
#include "fake_process_runner.hpp"

namespace lifeline::secret {
namespace {

using lifeline::testing::FakeClock;
using lifeline::testing::FakeProcessRunner;
using lifeline::testing::ScriptedRun;

TokenCommandSpec az_spec(Duration refresh) {
    TokenCommandSpec spec;
    spec.argv = {"az", "account", "get-access-token", "--query", "accessToken", "-o", "tsv"};
    spec.env = {{"PATH", "/usr/bin"}, {"HOME", "/home/runner"}};
    spec.timeout = Duration{20'000};
    spec.refresh = refresh;
    return spec;
}

const std::string k_token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjb2duaXRpdmUifQ.sig";

TEST(TokenCommand, RunsTheCommandAndTrimsItsOutput) {
    FakeProcessRunner runner;
    FakeClock clock;
    runner.enqueue(ScriptedRun{0, "  " + k_token + "\r\n", ""});
    TokenCommand command(runner, clock, az_spec(Duration{0}));
    auto token = command.token();
    ASSERT_TRUE(token.ok()) << token.error().message;
    EXPECT_EQ(token->reveal(), k_token);
    ASSERT_EQ(runner.specs().size(), 1u);
    EXPECT_EQ(runner.specs()[0].argv, az_spec(Duration{0}).argv);
    EXPECT_EQ(runner.specs()[0].timeout, Duration{20'000});
    EXPECT_EQ(runner.specs()[0].env.at("HOME"), "/home/runner");
}

TEST(TokenCommand, ReusesTheTokenUntilRefreshThenRunsAgain) {
    FakeProcessRunner runner;
    FakeClock clock;
    runner.enqueue(ScriptedRun{0, k_token + "-first\n", ""});
    runner.enqueue(ScriptedRun{0, k_token + "-second\n", ""});
    TokenCommand command(runner, clock, az_spec(Duration{55 * 60'000}));
    EXPECT_EQ(command.token()->reveal(), k_token + "-first");
    clock.advance(Duration{54 * 60'000});
    EXPECT_EQ(command.token()->reveal(), k_token + "-first");
    EXPECT_EQ(runner.specs().size(), 1u);
    clock.advance(Duration{60'000});
    EXPECT_EQ(command.token()->reveal(), k_token + "-second");
    EXPECT_EQ(runner.specs().size(), 2u);
}

TEST(TokenCommand, RefreshZeroRunsEveryTimeAndInvalidateForcesARun) {
    FakeProcessRunner runner;
    FakeClock clock;
    for (int i = 0; i < 3; ++i)
        runner.enqueue(ScriptedRun{0, k_token + std::to_string(i), ""});
    TokenCommand every_call(runner, clock, az_spec(Duration{0}));
    EXPECT_EQ(every_call.token()->reveal(), k_token + "0");
    EXPECT_EQ(every_call.token()->reveal(), k_token + "1");

    TokenCommand cached(runner, clock, az_spec(Duration{3'600'000}));
    runner.enqueue(ScriptedRun{0, k_token + "3", ""});
    EXPECT_EQ(cached.token()->reveal(), k_token + "2");
    cached.invalidate();  // e.g. the provider answered 401
    EXPECT_EQ(cached.token()->reveal(), k_token + "3");
}

TEST(TokenCommand, AFailingCommandIsNamedWithItsExitCodeButItsStdoutIsNotEchoed) {
    FakeProcessRunner runner;
    FakeClock clock;
    runner.enqueue(ScriptedRun{1, "partial-" + k_token,
                               "WARNING: something\nERROR: Please run 'az login' to setup "
                               "account. Bearer " +
                                   testing::fake_body(30, 2) + "\n"});
    TokenCommand command(runner, clock, az_spec(Duration{0}));
    auto token = command.token();
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().code, ErrorCode::unavailable);
    const std::string& message = token.error().message;
    EXPECT_NE(message.find("auth command az exited with code 1"), std::string::npos) << message;
    EXPECT_NE(message.find("Please run 'az login'"), std::string::npos) << message;
    EXPECT_NE(message.find("Bearer ***"), std::string::npos) << message;
    EXPECT_EQ(message.find("eyJ"), std::string::npos) << "stdout leaked into the error";
}

TEST(TokenCommand, EmptyMultiLineAndTimedOutOutputsAreErrors) {
    FakeProcessRunner runner;
    FakeClock clock;
    runner.enqueue(ScriptedRun{0, " \n\n", ""});
    runner.enqueue(ScriptedRun{0, "{\n  \"accessToken\": \"" + k_token + "\"\n}\n", ""});
    ScriptedRun hung{137, "", ""};
    hung.timed_out = true;
    runner.enqueue(hung);
    TokenCommand command(runner, clock, az_spec(Duration{0}));

    auto empty = command.token();
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message, "auth command az printed no token");

    auto json = command.token();
    ASSERT_FALSE(json.ok());
    EXPECT_NE(json.error().message.find("more than one line"), std::string::npos);
    EXPECT_EQ(json.error().message.find("eyJ"), std::string::npos);

    auto timed_out = command.token();
    ASSERT_FALSE(timed_out.ok());
    EXPECT_EQ(timed_out.error().code, ErrorCode::timeout);
    EXPECT_EQ(timed_out.error().message, "auth command az timed out after 20s");
}

TEST(TokenCommand, AMissingExecutableOrEmptyArgvIsReported) {
    FakeProcessRunner runner;  // nothing scripted: answers not_found like a missing binary
    FakeClock clock;
    TokenCommand missing(runner, clock, az_spec(Duration{0}));
    auto result = missing.token();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
    EXPECT_EQ(result.error().message.rfind("auth command az could not run: ", 0), 0u);

    TokenCommand empty(runner, clock, TokenCommandSpec{});
    auto none = empty.token();
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace lifeline::secret
