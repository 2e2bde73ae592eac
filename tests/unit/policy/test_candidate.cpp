#include <gtest/gtest.h>

#include <lifeline/policy/candidate.hpp>

namespace lifeline::policy {
namespace {

config::ProviderConfig provider(std::string name, config::AuthConfig::Mode mode) {
    config::ProviderConfig p;
    p.name = std::move(name);
    p.auth.mode = mode;
    return p;
}

TEST(Candidate, CredentialIdNamesTheVariableNeverItsValue) {
    auto openai = provider("openai", config::AuthConfig::Mode::env);
    openai.auth.env = "OPENAI_API_KEY";
    EXPECT_EQ(credential_id(openai), "openai:env:OPENAI_API_KEY");

    auto azure = provider("azure", config::AuthConfig::Mode::command);
    azure.auth.command = {"az", "account", "get-access-token", "--query", "accessToken"};
    EXPECT_EQ(credential_id(azure),
              "azure:command:az account get-access-token --query accessToken");

    EXPECT_EQ(credential_id(provider("local", config::AuthConfig::Mode::none)), "");
}

TEST(Candidate, SameEnvKeyAtTwoProvidersIsTwoCredentials) {
    auto openai = provider("openai", config::AuthConfig::Mode::env);
    openai.auth.env = "OPENAI_API_KEY";
    auto proxy = provider("proxy", config::AuthConfig::Mode::env);
    proxy.auth.env = "OPENAI_API_KEY";
    EXPECT_NE(credential_id(openai), credential_id(proxy));
}

TEST(Candidate, MakeCandidateCopiesWindowJurisdictionAndLabel) {
    auto mistral = provider("mistral", config::AuthConfig::Mode::env);
    mistral.auth.env = "MISTRAL_API_KEY";
    mistral.jurisdiction = "EU";
    config::ModelConfig model;
    model.name = "mistral-large";
    model.provider = "mistral";
    model.context_window = 128'000;

    const Candidate c = make_candidate(model, mistral);
    EXPECT_EQ(c.label(), "mistral/mistral-large");
    EXPECT_EQ(c.credential, "mistral:env:MISTRAL_API_KEY");
    EXPECT_EQ(c.context_window, 128'000);
    EXPECT_EQ(c.jurisdiction, "EU");
}

}  // namespace
}  // namespace lifeline::policy
