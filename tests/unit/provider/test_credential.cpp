#include <gtest/gtest.h>

#include <lifeline/provider/credential.hpp>

#include "fake_clock.hpp"
#include "fake_environment.hpp"
#include "fake_process_runner.hpp"
#include "provider_fixtures.hpp"

namespace lifeline::provider {
namespace {

using config::ProviderKind;

struct CredentialTest : ::testing::Test {
    lifeline::testing::FakeEnvironment env;
    lifeline::testing::FakeProcessRunner runner;
    lifeline::testing::FakeClock clock;
    CredentialResolver resolver{env, runner, clock};
};

TEST_F(CredentialTest, EnvCredentialIsReadAtResolveTime) {
    const auto provider =
        lifeline::testing::make_provider(ProviderKind::openai, "x", "OPENAI_API_KEY");
    const auto missing = resolver.resolve(provider);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
    EXPECT_NE(missing.error().message.find("OPENAI_API_KEY is not set"), std::string::npos);

    env.set("OPENAI_API_KEY", "");
    EXPECT_FALSE(resolver.resolve(provider)) << "an empty key counts as missing";

    env.set("OPENAI_API_KEY", "sk-live-value-1234567890");
    const auto found = resolver.resolve(provider);
    ASSERT_TRUE(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->reveal(), "sk-live-value-1234567890");
}

TEST_F(CredentialTest, NoneAuthHasNoCredential) {
    auto provider = lifeline::testing::make_provider(ProviderKind::openai_compatible, "x");
    provider.auth.mode = config::AuthConfig::Mode::none;
    const auto resolved = resolver.resolve(provider);
    ASSERT_TRUE(resolved);
    EXPECT_FALSE(resolved->has_value());
}

TEST_F(CredentialTest, CommandTokenIsCachedForItsRefreshPeriodAndInvalidatedAfter401) {
    auto provider = lifeline::testing::make_provider(ProviderKind::azure, "x");
    provider.auth.mode = config::AuthConfig::Mode::command;
    provider.auth.command = {"az", "account", "get-access-token"};
    provider.auth.refresh = Duration{55 * 60'000};
    runner.enqueue({0, "token-one-abcdefgh\n", ""});
    runner.enqueue({0, "token-two-abcdefgh\n", ""});

    EXPECT_EQ((*resolver.resolve(provider))->reveal(), "token-one-abcdefgh");
    clock.advance(Duration{10 * 60'000});
    EXPECT_EQ((*resolver.resolve(provider))->reveal(), "token-one-abcdefgh");
    EXPECT_EQ(runner.specs().size(), 1u);

    resolver.invalidate(provider);
    EXPECT_EQ((*resolver.resolve(provider))->reveal(), "token-two-abcdefgh");
    EXPECT_EQ(runner.specs().size(), 2u);
}

TEST(CredentialId, NamesTheSourceNeverTheValue) {
    auto provider = lifeline::testing::make_provider(ProviderKind::openai, "x", "OPENAI_API_KEY");
    EXPECT_EQ(credential_id(provider), "env:OPENAI_API_KEY");
    provider.auth.mode = config::AuthConfig::Mode::none;
    EXPECT_EQ(credential_id(provider), "none");
}

}  // namespace
}  // namespace lifeline::provider
