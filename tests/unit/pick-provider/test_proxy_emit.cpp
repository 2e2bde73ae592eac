// tools/pick-provider/proxy_emit.cpp: --emit ... --via URL, the configuration that points an
// agent at a running failover-proxy with the lane as its model.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

#include "proxy_emit.hpp"

namespace pick_provider {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_yaml = R"yaml(version: 1
providers:
  openai:    {kind: openai, auth: {env: OPENAI_API_KEY}}
  anthropic: {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}}
  local:     {kind: openai-compatible, base_url: "http://127.0.0.1:8000/v1", auth: none}
models:
  gpt-5.5:           {provider: openai, context_window: 400000}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000}
  tiny:              {provider: local, context_window: 32000}
  unknown-window:    {provider: local}
lanes:
  code:       {chain: [gpt-5.5, claude-sonnet-4-6, tiny], background: small-edit}
  long:       {chain: [gpt-5.5, claude-sonnet-4-6, tiny], min_context: 100000}
  small-edit: [unknown-window]
)yaml";

lifeline::config::Config config() {
    return lifeline::config::parse_config(k_yaml, "lifeline.yaml").value();
}

ProxyLane code_lane() {
    return {"code", "small-edit", 32000};
}

TEST(ParseProxyUrl, AcceptsHttpAndHttpsAndDropsTheTrailingSlash) {
    EXPECT_EQ(parse_proxy_url("http://127.0.0.1:4141").value(), "http://127.0.0.1:4141");
    EXPECT_EQ(parse_proxy_url("https://llm.example.com/lifeline/").value(),
              "https://llm.example.com/lifeline");
}

TEST(ParseProxyUrl, RefusesWhatIsNoProxyRootUrl) {
    for (const char* text :
         {"127.0.0.1:4141", "ftp://host", "http://", "http:///x", "http://:4141", "http://host/v1",
          "http://host/v1beta/", "http://host?key=x", "http://ho st", "http://host'"}) {
        auto parsed = parse_proxy_url(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, lifeline::ErrorCode::invalid_input);
        EXPECT_THAT(parsed.error().message, HasSubstr("--via \"" + std::string(text) + "\""));
    }
    EXPECT_THAT(parse_proxy_url("localhost:4141").error().message,
                HasSubstr("not an http:// or https:// URL"));
}

TEST(ProxyLaneOf, TakesTheSmallestKnownWindowAndTheBackgroundLane) {
    const ProxyLane lane = proxy_lane(config(), "code").value();
    EXPECT_EQ(lane.name, "code");
    EXPECT_EQ(lane.background, "small-edit");
    EXPECT_EQ(lane.context_window, 32000);
}

TEST(ProxyLaneOf, LeavesOutModelsTheLanesMinContextExcludes) {
    // tiny (32k) never serves lane long: the proxy drops it below min_context.
    const ProxyLane lane = proxy_lane(config(), "long").value();
    EXPECT_EQ(lane.context_window, 200000);
    EXPECT_EQ(lane.background, "long");
}

TEST(ProxyLaneOf, UnknownWindowsAndUnknownLanes) {
    EXPECT_EQ(proxy_lane(config(), "small-edit").value().context_window, 0);
    auto missing = proxy_lane(config(), "cod");
    ASSERT_FALSE(missing);
    EXPECT_THAT(missing.error().message, HasSubstr("did you mean \"code\""));
}

TEST(RenderProxyEmit, CodexProfileNamesTheProxyProviderAndKeepsCodexRetries) {
    const Emitted emitted =
        render_proxy_emit(EmitKind::codex_profile, "http://127.0.0.1:4141", code_lane(),
                          lifeline::Duration(300'000), "/ci/.codex", "lifeline")
            .value();
    EXPECT_EQ(emitted.path, "/ci/.codex/lifeline.config.toml");
    EXPECT_THAT(emitted.text, HasSubstr("model = \"code\"\n"
                                        "model_provider = \"lifeline\"\n"
                                        "model_context_window = 32000\n"
                                        "\n[model_providers.lifeline]\n"
                                        "name = \"lifeline\"\n"
                                        "base_url = \"http://127.0.0.1:4141/v1\"\n"
                                        "env_key = \"LIFELINE_PROXY_TOKEN\"\n"
                                        "wire_api = \"responses\"\n"
                                        "request_max_retries = 1\n"
                                        "stream_max_retries = 2\n"
                                        "stream_idle_timeout_ms = 300000\n"));
}

TEST(RenderProxyEmit, CodexWithoutAKnownWindowLeavesItToCodex) {
    const ProxyLane lane{"small-edit", "small-edit", 0};
    const Emitted emitted = render_proxy_emit(EmitKind::codex_args, "http://127.0.0.1:4141", lane,
                                              lifeline::Duration(60'000), "", "lifeline")
                                .value();
    EXPECT_THAT(emitted.text, Not(HasSubstr("model_context_window")));
}

TEST(RenderProxyEmit, CodexArgsAreShellQuotedOverrides) {
    const Emitted emitted = render_proxy_emit(EmitKind::codex_args, "http://127.0.0.1:4141",
                                              code_lane(), lifeline::Duration(60'000), "", "x")
                                .value();
    EXPECT_EQ(emitted.path, "");
    EXPECT_EQ(emitted.text,
              "-c 'model=\"code\"'\n"
              "-c 'model_provider=\"lifeline\"'\n"
              "-c 'model_context_window=32000'\n"
              "-c 'model_providers.lifeline={ name = \"lifeline\", "
              "base_url = \"http://127.0.0.1:4141/v1\", env_key = \"LIFELINE_PROXY_TOKEN\", "
              "wire_api = \"responses\", request_max_retries = 1, stream_max_retries = 2, "
              "stream_idle_timeout_ms = 60000 }'\n");
}

TEST(RenderProxyEmit, ClaudeEnvReferencesTheTokenAndSendsBackgroundCallsToTheirLane) {
    const Emitted emitted = render_proxy_emit(EmitKind::claude_env, "http://127.0.0.1:4141",
                                              code_lane(), lifeline::Duration(60'000), "", "x")
                                .value();
    EXPECT_EQ(emitted.text,
              "ANTHROPIC_BASE_URL='http://127.0.0.1:4141'\n"
              "ANTHROPIC_AUTH_TOKEN=\"${LIFELINE_PROXY_TOKEN}\"\n"
              "ANTHROPIC_MODEL='code'\n"
              "ANTHROPIC_DEFAULT_SONNET_MODEL='code'\n"
              "ANTHROPIC_DEFAULT_OPUS_MODEL='code'\n"
              "CLAUDE_CODE_SUBAGENT_MODEL='code'\n"
              "ANTHROPIC_SMALL_FAST_MODEL='small-edit'\n"
              "ANTHROPIC_DEFAULT_HAIKU_MODEL='small-edit'\n"
              "CLAUDE_CODE_MAX_CONTEXT_TOKENS='32000'\n");
}

TEST(RenderProxyEmit, GeminiEnvUsesTheRootUrl) {
    const Emitted emitted = render_proxy_emit(EmitKind::gemini_env, "https://llm.example.com",
                                              code_lane(), lifeline::Duration(60'000), "", "x")
                                .value();
    EXPECT_EQ(emitted.text,
              "GOOGLE_GEMINI_BASE_URL='https://llm.example.com'\n"
              "GEMINI_API_KEY=\"${LIFELINE_PROXY_TOKEN}\"\n"
              "GEMINI_MODEL='code'\n");
}

TEST(RenderProxyEmit, ABadProfileNameIsRefused) {
    auto emitted = render_proxy_emit(EmitKind::codex_profile, "http://127.0.0.1:4141", code_lane(),
                                     lifeline::Duration(60'000), "/h", "my profile");
    ASSERT_FALSE(emitted);
    EXPECT_EQ(emitted.error().code, lifeline::ErrorCode::invalid_input);
}

}  // namespace
}  // namespace pick_provider
