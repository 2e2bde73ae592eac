// A full lifeline.yaml read into the model, field by field; flow style; the embedded default.

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

namespace lifeline::config {
namespace {

constexpr std::string_view k_full_config = R"(version: 1
providers:
  azure:
    kind: azure
    base_url: https://myorg.openai.azure.com/openai/
    api_version: "2025-04-01-preview"
    headers:
      X-Team: platform
    auth:
      command: [az, account, get-access-token, --query, accessToken, -o, tsv]
      refresh: 55m
      timeout: 20s
    jurisdiction: eu
    regions: [eu-west, eu-north]
    require: ["latency_ms < 3000"]
  anthropic:
    auth: {env: ANTHROPIC_API_KEY}
    jurisdiction: US
  local:
    kind: openai-compatible
    base_url: http://127.0.0.1:8000/v1
    auth: none
models:
  gpt-5.5:
    provider: azure
    id: gpt-5.5-deployment
    context_window: 400_000
    price: {input: 1.25, output: 10, cached_input: 0.125}
    capabilities: [tools, responses]
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000, price: {input: 3, output: 15}}
  qwen: {provider: local}
lanes:
  code: [claude-sonnet-4-6, gpt-5.5, qwen]
  long-context: {chain: [gpt-5.5, claude-sonnet-4-6], min_context: 300000}
retry:
  max_attempts: 4
  deadline: 10m
  backoff: {initial: 500ms, max: 20s, multiplier: 3}
  max_wait: 45s
  rate_limited: {retries: 2, then: fallback, max_wait: 30s}
  bad_request: {then: stop}
budget:
  session_tokens: 250000
  request_tokens: 50000
  max_agent_turns: 18
  max_retries_per_request: 1
  cost_usd: {session: 2.5, daily: 50, monthly: 400}
  soft_threshold: 0.9
policy:
  deny_jurisdictions: [cn]
  diversity: require-two-jurisdictions
circuit:
  consecutive_failures: 5
  failure_rate: 0.25
  window: 2m
  min_calls: 8
  cooldown: 45s
state:
  url: redis://redis.internal:6379/0
  fallback: local
classify:
  - {pattern: "stream disconnected before completion", class: stream_broken, agent: codex}
  - pattern: "Usage limit reached"
    class: quota_exhausted
)";

TEST(ConfigModel, FullConfigReadsEveryField) {
    auto parsed = parse_config(k_full_config, "lifeline.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const Config& config = *parsed;
    EXPECT_EQ(config.version, 1);
    EXPECT_EQ(config.source, "lifeline.yaml");

    ASSERT_EQ(config.providers.size(), 3u);
    const ProviderConfig& azure = *config.find_provider("azure");
    EXPECT_EQ(azure.kind, ProviderKind::azure);
    EXPECT_EQ(azure.base_url, "https://myorg.openai.azure.com/openai");  // trailing / dropped
    EXPECT_EQ(azure.api_version, "2025-04-01-preview");
    EXPECT_EQ(azure.headers.at("X-Team"), "platform");
    EXPECT_EQ(azure.auth.mode, AuthConfig::Mode::command);
    EXPECT_EQ(azure.auth.command.size(), 7u);
    EXPECT_EQ(azure.auth.command[0], "az");
    EXPECT_EQ(azure.auth.refresh, Duration{55 * 60'000});
    EXPECT_EQ(azure.auth.timeout, Duration{20'000});
    EXPECT_EQ(azure.jurisdiction, "EU");
    EXPECT_EQ(azure.regions, (std::vector<std::string>{"eu-west", "eu-north"}));
    EXPECT_EQ(azure.require, (std::vector<std::string>{"latency_ms < 3000"}));

    const ProviderConfig& anthropic = *config.find_provider("anthropic");
    EXPECT_EQ(anthropic.kind, ProviderKind::anthropic);  // inferred from the name
    EXPECT_EQ(anthropic.base_url, "https://api.anthropic.com");
    EXPECT_EQ(anthropic.api_version, "2023-06-01");
    EXPECT_EQ(anthropic.auth.mode, AuthConfig::Mode::env);
    EXPECT_EQ(anthropic.auth.env, "ANTHROPIC_API_KEY");
    EXPECT_EQ(config.find_provider("local")->auth.mode, AuthConfig::Mode::none);

    const ModelConfig& gpt = *config.find_model("gpt-5.5");
    EXPECT_EQ(gpt.provider, "azure");
    EXPECT_EQ(gpt.id, "gpt-5.5-deployment");
    EXPECT_EQ(gpt.context_window, 400000);
    ASSERT_TRUE(gpt.price.has_value());
    EXPECT_DOUBLE_EQ(gpt.price->input, 1.25);
    EXPECT_DOUBLE_EQ(gpt.price->output, 10);
    EXPECT_DOUBLE_EQ(gpt.price->cached_input.value_or(-1), 0.125);
    EXPECT_TRUE(gpt.has_capability("responses"));
    EXPECT_FALSE(gpt.has_capability("vision"));
    const ModelConfig& qwen = *config.find_model("qwen");
    EXPECT_EQ(qwen.id, "qwen");
    EXPECT_EQ(qwen.context_window, 0);
    EXPECT_FALSE(qwen.price.has_value());  // unpriced, not free

    EXPECT_EQ(config.find_lane("code")->chain,
              (std::vector<std::string>{"claude-sonnet-4-6", "gpt-5.5", "qwen"}));
    EXPECT_EQ(config.find_lane("code")->min_context, 0);
    EXPECT_EQ(config.find_lane("long-context")->min_context, 300000);
    EXPECT_EQ(config.find_lane("nope"), nullptr);

    EXPECT_EQ(config.retry.max_attempts, 4);
    EXPECT_EQ(config.retry.deadline, Duration{600'000});
    EXPECT_EQ(config.retry.backoff.initial, Duration{500});
    EXPECT_EQ(config.retry.backoff.max, Duration{20'000});
    EXPECT_DOUBLE_EQ(config.retry.backoff.multiplier, 3.0);
    EXPECT_EQ(config.retry.max_wait, Duration{45'000});
    const ClassRetryConfig& rate = config.retry.classes.at(FailureClass::rate_limited);
    EXPECT_EQ(rate.retries, 2);
    EXPECT_EQ(rate.then, ClassRetryConfig::Then::fallback);
    EXPECT_EQ(rate.max_wait, Duration{30'000});
    EXPECT_EQ(config.retry.classes.at(FailureClass::bad_request).then,
              ClassRetryConfig::Then::stop);
    EXPECT_FALSE(config.retry.classes.at(FailureClass::bad_request).retries.has_value());

    EXPECT_EQ(config.budget.session_tokens, 250000);
    EXPECT_EQ(config.budget.request_tokens, 50000);
    EXPECT_EQ(config.budget.max_agent_turns, 18);
    EXPECT_EQ(config.budget.max_retries_per_request, 1);
    EXPECT_DOUBLE_EQ(config.budget.cost_usd.session.value_or(-1), 2.5);
    EXPECT_DOUBLE_EQ(config.budget.cost_usd.daily.value_or(-1), 50);
    EXPECT_DOUBLE_EQ(config.budget.cost_usd.monthly.value_or(-1), 400);
    EXPECT_DOUBLE_EQ(config.budget.soft_threshold, 0.9);

    EXPECT_EQ(config.policy.deny_jurisdictions, (std::vector<std::string>{"CN"}));
    EXPECT_EQ(config.policy.diversity, PolicyConfig::Diversity::require_two_jurisdictions);

    EXPECT_EQ(config.circuit.consecutive_failures, 5);
    EXPECT_DOUBLE_EQ(config.circuit.failure_rate, 0.25);
    EXPECT_EQ(config.circuit.window, Duration{120'000});
    EXPECT_EQ(config.circuit.min_calls, 8);
    EXPECT_EQ(config.circuit.cooldown, Duration{45'000});

    EXPECT_EQ(config.state.url, "redis://redis.internal:6379/0");
    EXPECT_TRUE(config.state.fallback_to_local);

    ASSERT_EQ(config.classify.size(), 2u);
    EXPECT_EQ(config.classify[0].pattern, "stream disconnected before completion");
    EXPECT_EQ(config.classify[0].failure_class, FailureClass::stream_broken);
    EXPECT_EQ(config.classify[0].agent, "codex");
    EXPECT_EQ(config.classify[1].failure_class, FailureClass::quota_exhausted);
    EXPECT_EQ(config.classify[1].agent, "");
}

TEST(ConfigModel, LocationsRecordWhereEachKeyWasWritten) {
    auto parsed = parse_config(k_full_config, "lifeline.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const SourceLocation env = parsed->location_of("providers.anthropic.auth.env");
    EXPECT_EQ(env.file, "lifeline.yaml");
    EXPECT_EQ(env.line, 17);
    EXPECT_EQ(env.column, 17);
    EXPECT_EQ(parsed->location_of("lanes.code[1]").line, 33);
    EXPECT_EQ(parsed->location_of("budget").line, 42);
    const SourceLocation unknown = parsed->location_of("no.such.key");
    EXPECT_EQ(unknown.file, "lifeline.yaml");
    EXPECT_EQ(unknown.line, 0);
}

TEST(ConfigModel, OmittedSectionsKeepDocumentedDefaults) {
    auto parsed = parse_config("version: 1\nretry:\nbudget: {}\n", "lifeline.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    EXPECT_TRUE(parsed->providers.empty());
    EXPECT_EQ(parsed->retry.max_attempts, 6);
    EXPECT_EQ(parsed->retry.deadline, Duration{30 * 60'000});
    EXPECT_EQ(parsed->retry.backoff.initial, Duration{1'000});
    EXPECT_EQ(parsed->retry.max_wait, Duration{60'000});
    EXPECT_FALSE(parsed->budget.session_tokens.has_value());
    EXPECT_DOUBLE_EQ(parsed->budget.soft_threshold, 0.8);
    EXPECT_EQ(parsed->circuit.consecutive_failures, 3);
    EXPECT_EQ(parsed->state.url, "sqlite://.lifeline/state.db");
    EXPECT_FALSE(parsed->state.fallback_to_local);
    EXPECT_EQ(parsed->policy.diversity, PolicyConfig::Diversity::none);
}

TEST(ConfigModel, DesignDocFlowStyleSketchLoads) {
    constexpr std::string_view sketch = R"(version: 1
providers:
  openai:     {kind: openai, base_url: https://api.openai.com/v1, auth: {env: OPENAI_API_KEY}, jurisdiction: US}
  azure:      {kind: azure, base_url: https://myorg.openai.azure.com/openai, api_version: "2025-04-01-preview",
               auth: {command: [az, account, get-access-token, --query, accessToken, -o, tsv], refresh: 55m}}
  openrouter: {kind: openrouter, base_url: https://openrouter.ai/api/v1, auth: {env: OPENROUTER_API_KEY}}
  anthropic:  {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}, jurisdiction: US}
  mistral:    {kind: openai-compatible, base_url: https://api.mistral.ai/v1, auth: {env: MISTRAL_API_KEY}, jurisdiction: EU}
  local:      {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1}      # vLLM / Ollama escape hatch
models:
  gpt-5.5:           {provider: openai, context_window: 400000, price: {input: 1.25, output: 10}, capabilities: [tools, responses]}
  gpt-5.5-mini:      {provider: openai, context_window: 400000}
  gemini-3-1-pro:    {provider: openrouter, id: google/gemini-3.1-pro, context_window: 1048576}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000, price: {input: 3, output: 15}}
  deepseek-v4:       {provider: openrouter, id: deepseek/deepseek-v4, context_window: 128000}
lanes:                       # routing by task, as in the seed's table
  small-edit:   [gpt-5.5-mini, claude-sonnet-4-6]
  code:         [claude-sonnet-4-6, gpt-5.5, gemini-3-1-pro]
  long-context: {chain: [gemini-3-1-pro, claude-sonnet-4-6], min_context: 500000}
retry:       # per failure class; defaults below
budget:      {session_tokens: 250000, request_tokens: 50000, max_agent_turns: 18, max_retries_per_request: 1, cost_usd: {daily: 50}}
policy:      {deny_jurisdictions: [], diversity: require-two-jurisdictions}
state:       sqlite://.lifeline/state.db      # or redis://host:6379/0 for a fleet of runners
)";
    auto parsed = parse_config(sketch, "lifeline.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    EXPECT_EQ(parsed->providers.size(), 6u);
    EXPECT_EQ(parsed->find_provider("azure")->auth.refresh, Duration{55 * 60'000});
    EXPECT_EQ(parsed->find_provider("local")->auth.mode, AuthConfig::Mode::none);
    EXPECT_EQ(parsed->find_model("deepseek-v4")->id, "deepseek/deepseek-v4");
    EXPECT_EQ(parsed->find_lane("long-context")->min_context, 500000);
    EXPECT_DOUBLE_EQ(parsed->budget.cost_usd.daily.value_or(0), 50);
    EXPECT_FALSE(parsed->budget.cost_usd.monthly.has_value());
    EXPECT_EQ(parsed->state.url, "sqlite://.lifeline/state.db");
}

TEST(ConfigModel, EmbeddedDefaultValidatesAndCoversTheCommonProviders) {
    auto parsed = parse_config(embedded_default_config(), "<embedded default>");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const std::map<std::string, std::string> expected_env = {
        {"openai", "OPENAI_API_KEY"},   {"anthropic", "ANTHROPIC_API_KEY"},
        {"gemini", "GEMINI_API_KEY"},   {"openrouter", "OPENROUTER_API_KEY"},
        {"mistral", "MISTRAL_API_KEY"}, {"deepseek", "DEEPSEEK_API_KEY"}};
    for (const auto& [name, env] : expected_env) {
        const ProviderConfig* provider = parsed->find_provider(name);
        ASSERT_NE(provider, nullptr) << name;
        EXPECT_EQ(provider->auth.env, env) << name;
        EXPECT_FALSE(provider->base_url.empty()) << name;
    }
    EXPECT_EQ(parsed->find_provider("deepseek")->jurisdiction, "CN");
    EXPECT_EQ(parsed->find_provider("mistral")->jurisdiction, "EU");
    EXPECT_EQ(parsed->find_provider("local")->auth.mode, AuthConfig::Mode::none);
    EXPECT_EQ(parsed->find_provider("gemini")->base_url,
              "https://generativelanguage.googleapis.com/v1beta");
    for (const char* lane : {"small-edit", "code", "long-context", "architecture", "cheap"})
        EXPECT_NE(parsed->find_lane(lane), nullptr) << lane;
    EXPECT_EQ(parsed->default_lane, "code");
    EXPECT_TRUE(parsed->aliases.empty());
    EXPECT_EQ(parsed->find_model("deepseek-v4")->id, "deepseek/deepseek-v4");
    EXPECT_FALSE(parsed->find_model("gemini-3-1-pro")->price.has_value());
}

TEST(ConfigModel, ProviderKindNamesRoundTrip) {
    for (const std::string& name : all_provider_kind_names()) {
        const auto kind = parse_provider_kind(name);
        ASSERT_TRUE(kind.has_value()) << name;
        EXPECT_EQ(to_string(*kind), name);
    }
    EXPECT_FALSE(parse_provider_kind("OpenAI").has_value());
    EXPECT_EQ(default_base_url(ProviderKind::openrouter), "https://openrouter.ai/api/v1");
    EXPECT_EQ(default_base_url(ProviderKind::azure), "");
}

}  // namespace
}  // namespace lifeline::config
