// Golden tests of what agent CLIs receive: the Codex profile and -c overrides, and the env
// assignments for lifeline, Claude Code and Gemini CLI.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <lifeline/routing/agent_env.hpp>
#include <lifeline/routing/codex_profile.hpp>

#include "routing_fixture.hpp"

namespace lifeline::routing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace lifeline::routing::testing;

RouteCandidate candidate(const config::Config& config, const std::string& model) {
    return make_route_candidate(config, *config.find_model(model), 0);
}

TEST(CodexProfile, GoldenProfileForAnOpenAiCandidate) {
    const config::Config config = routing_config();
    auto text = render_codex_profile(candidate(config, "gpt-5.5"), codex_retry_settings(config),
                                     "code", {"mistral/mistral-large"});
    ASSERT_TRUE(text) << text.error().to_string();
    EXPECT_EQ(*text,
              "# Written by lifeline pick-provider for lane code: openai/gpt-5.5\n"
              "# Fallbacks (run-with-failover): mistral/mistral-large\n"
              "# Codex retries at most once; lifeline owns retries and fallback across the chain.\n"
              "model = \"gpt-5.5\"\n"
              "model_provider = \"lifeline-openai\"\n"
              "model_context_window = 400000\n"
              "\n"
              "[model_providers.lifeline-openai]\n"
              "name = \"lifeline: openai\"\n"
              "base_url = \"https://api.openai.com/v1\"\n"
              "env_key = \"OPENAI_API_KEY\"\n"
              "wire_api = \"responses\"\n"
              "request_max_retries = 1\n"
              "stream_max_retries = 1\n"
              "stream_idle_timeout_ms = 300000\n");
}

TEST(CodexProfile, AzureGetsItsApiVersionAndParsesAsToml) {
    const config::Config config = routing_config();
    auto text = render_codex_profile(candidate(config, "gpt-5.5-azure"),
                                     codex_retry_settings(config, Duration(90'000)), "", {});
    ASSERT_TRUE(text);
    // What Codex reads, checked with a real TOML parser rather than by eye.
    const toml::table table = toml::parse(*text);
    EXPECT_EQ(table["model"].value_or(std::string()), "gpt-5-5-prod");
    EXPECT_EQ(table["model_provider"].value_or(std::string()), "lifeline-azure");
    auto provider = table["model_providers"]["lifeline-azure"];
    EXPECT_EQ(provider["base_url"].value_or(std::string()), "https://acme.openai.azure.com/openai");
    EXPECT_EQ(provider["env_key"].value_or(std::string()), "AZURE_OPENAI_API_KEY");
    EXPECT_EQ(provider["query_params"]["api-version"].value_or(std::string()),
              "2025-04-01-preview");
    EXPECT_EQ(provider["stream_idle_timeout_ms"].value_or(int64_t{0}), 90000);
}

TEST(CodexProfile, ProviderWithoutAuthHasNoEnvKey) {
    const config::Config config = routing_config();
    auto text = render_codex_profile(candidate(config, "local-coder"), codex_retry_settings(config),
                                     "cheap", {});
    ASSERT_TRUE(text);
    EXPECT_THAT(*text, ::testing::Not(HasSubstr("env_key")));
    EXPECT_THAT(*text, ::testing::Not(HasSubstr("model_context_window")));
}

TEST(CodexProfile, AnthropicCannotBeServedByCodex) {
    const config::Config config = routing_config();
    auto text = render_codex_profile(candidate(config, "claude-sonnet-4-6"),
                                     codex_retry_settings(config), "code", {});
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().code, ErrorCode::unsupported);
    EXPECT_THAT(text.error().message, HasSubstr("Responses API"));
}

TEST(CodexProfile, GoldenOverridesAreTheSameSettings) {
    const config::Config config = routing_config();
    const RouteCandidate route = candidate(config, "mistral-large");
    auto overrides = codex_overrides(route.provider, route.model, codex_retry_settings(config));
    ASSERT_TRUE(overrides);
    EXPECT_THAT(*overrides,
                ElementsAre("model=\"mistral-large-latest\"", "model_provider=\"lifeline-mistral\"",
                            "model_context_window=128000",
                            "model_providers.lifeline-mistral={ name = \"lifeline: mistral\", "
                            "base_url = \"https://api.mistral.ai/v1\", env_key = "
                            "\"MISTRAL_API_KEY\", wire_api = \"responses\", request_max_retries "
                            "= 1, stream_max_retries = 1, stream_idle_timeout_ms = 300000 }"));
    // Each value is TOML, as `codex -c` parses it.
    const std::string& table = overrides->back();
    const toml::table parsed = toml::parse("x = " + table.substr(table.find('=') + 1));
    EXPECT_EQ(parsed["x"]["wire_api"].value_or(std::string()), "responses");
}

TEST(CodexRetries, DefaultsLeaveCodexOneRetry) {
    const config::Config config = routing_config();
    const CodexRetrySettings settings = codex_retry_settings(config);
    EXPECT_EQ(settings.request_max_retries, 1);
    EXPECT_EQ(settings.stream_max_retries, 1);
}

TEST(CodexRetries, BudgetWithoutRetriesTurnsCodexRetriesOff) {
    config::Config config = routing_config();
    config.budget.max_retries_per_request = 0;
    const CodexRetrySettings settings = codex_retry_settings(config);
    EXPECT_EQ(settings.request_max_retries, 0);
    EXPECT_EQ(settings.stream_max_retries, 0);
}

TEST(CodexRetries, FollowLifelinesPerClassRetries) {
    config::Config config = routing_config();
    for (FailureClass c : all_failure_classes()) {
        if (is_transient(c))
            config.retry.classes[c].retries = 0;
    }
    const CodexRetrySettings settings = codex_retry_settings(config);
    EXPECT_EQ(settings.request_max_retries, 0);
    EXPECT_EQ(settings.stream_max_retries, 0);
    // Generous lifeline retries never give Codex more than one: the layers would multiply.
    config.retry.classes.clear();
    config.retry.classes[FailureClass::rate_limited].retries = 5;
    EXPECT_EQ(codex_retry_settings(config).request_max_retries, 1);
}

TEST(CodexProfileName, OnlyLettersDigitsDashUnderscore) {
    EXPECT_TRUE(validate_codex_profile_name("ci-lifeline_2"));
    EXPECT_FALSE(validate_codex_profile_name(""));
    EXPECT_FALSE(validate_codex_profile_name("../evil"));
    EXPECT_FALSE(validate_codex_profile_name("a b"));
}

TEST(TomlQuote, EscapesWhatTomlRequires) {
    EXPECT_EQ(toml_quote("a\"b\\c\nd\te"), "\"a\\\"b\\\\c\\nd\\te\"");
    EXPECT_EQ(toml_quote(std::string("x\x01y")), "\"x\\u0001y\"");
    EXPECT_EQ(toml_quote("Zürich"), "\"Zürich\"");
    const toml::table parsed = toml::parse("v = " + toml_quote("q\"\\\n\x1f"));
    EXPECT_EQ(parsed["v"].value_or(std::string()), "q\"\\\n\x1f");
}

TEST(ShellEnv, QuotesEveryValueSafely) {
    EXPECT_EQ(shell_quote("plain"), "'plain'");
    EXPECT_EQ(shell_quote("it's $(rm -rf) `x`"), "'it'\\''s $(rm -rf) `x`'");
    EXPECT_EQ(shell_quote(""), "''");
}

TEST(ShellEnv, GoldenLifelineEnv) {
    const config::Config config = routing_config();
    RoutingRequest request = lane_request(config, "code");
    const Decision decision = decide_route(request);
    EXPECT_EQ(render_shell_assignments(lifeline_env(decision, "code")),
              "LIFELINE_PROVIDER='anthropic'\n"
              "LIFELINE_MODEL='claude-sonnet-4-6'\n"
              "LIFELINE_MODEL_ID='claude-sonnet-4-6'\n"
              "LIFELINE_PROVIDER_KIND='anthropic'\n"
              "LIFELINE_BASE_URL='https://api.anthropic.com'\n"
              "LIFELINE_ENV_KEY='ANTHROPIC_API_KEY'\n"
              "LIFELINE_CONTEXT_WINDOW='200000'\n"
              "LIFELINE_CHAIN='claude-sonnet-4-6,gpt-5.5,mistral-large'\n"
              "LIFELINE_LANE='code'\n"
              "OPENAI_BASE_URL='https://api.anthropic.com'\n"
              "OPENAI_MODEL='claude-sonnet-4-6'\n");
}

TEST(ShellEnv, GoldenClaudeAndGeminiEnv) {
    const config::Config config = routing_config();
    EXPECT_EQ(render_shell_assignments(claude_env(candidate(config, "claude-sonnet-4-6"))),
              "ANTHROPIC_BASE_URL='https://api.anthropic.com'\n"
              "ANTHROPIC_MODEL='claude-sonnet-4-6'\n"
              "LIFELINE_API_KEY_ENV='ANTHROPIC_API_KEY'\n");
    EXPECT_EQ(render_shell_assignments(gemini_env(candidate(config, "gemini-3-1-pro"))),
              "GOOGLE_GEMINI_BASE_URL='https://generativelanguage.googleapis.com'\n"
              "GEMINI_MODEL='gemini-3-1-pro'\n"
              "LIFELINE_API_KEY_ENV='GEMINI_API_KEY'\n");
}

}  // namespace
}  // namespace lifeline::routing
