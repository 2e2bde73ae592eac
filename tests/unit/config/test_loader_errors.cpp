// Every validation error is one line: file:line:col: key.path: what is wrong (and the fix).

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

namespace lifeline::config {
namespace {

constexpr std::string_view k_base = R"(version: 1
providers:
  openai: {auth: {env: OPENAI_API_KEY}}
  anthropic: {auth: {env: ANTHROPIC_API_KEY}}
models:
  gpt-5.5: {provider: openai, context_window: 400000}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000}
)";

// The error text for `yaml` (appended to the valid base document when `with_base`).
std::string error_for(std::string_view yaml, bool with_base = false) {
    const std::string text =
        with_base ? std::string(k_base) + std::string(yaml) : std::string(yaml);
    auto parsed = parse_config(text, "lifeline.yaml");
    if (parsed)
        return "<no error>";
    EXPECT_EQ(parsed.error().code, ErrorCode::config);
    const std::string line = parsed.error().to_string();
    EXPECT_EQ(line.find('\n'), std::string::npos) << "error spans lines: " << line;
    return line;
}

TEST(ConfigErrors, BaseDocumentIsValid) {
    EXPECT_EQ(error_for("", true), "<no error>");
}

TEST(ConfigErrors, UnknownTopLevelKeySuggestsFix) {
    EXPECT_EQ(error_for("version: 1\nprovders: {}\n"),
              "lifeline.yaml:2:1: unknown key \"provders\" (did you mean \"providers\"?)");
}

TEST(ConfigErrors, UnknownProviderKeyInFlowStyle) {
    EXPECT_EQ(error_for("providers:\n  openai: {kind: openai, bse_url: https://x.example}\n"),
              "lifeline.yaml:2:26: providers.openai: unknown key \"bse_url\" (did you mean "
              "\"base_url\"?)");
}

TEST(ConfigErrors, LaneNamesUnknownModel) {
    EXPECT_EQ(error_for("lanes:\n  code:\n    - claude-sonnet-4-6\n    - gpt-55\n", true),
              "lifeline.yaml:11:7: lanes.code[1]: unknown model \"gpt-55\" (did you mean "
              "\"gpt-5.5\"? known: gpt-5.5, claude-sonnet-4-6)");
}

TEST(ConfigErrors, ModelNamesUnknownProvider) {
    EXPECT_EQ(error_for("providers:\n  openai: {}\nmodels:\n  gpt-5.5: {provider: opneai}\n"),
              "lifeline.yaml:4:23: models.gpt-5.5.provider: unknown provider \"opneai\" (did you "
              "mean \"openai\"? known: openai)");
}

TEST(ConfigErrors, BadDurationNamesExamples) {
    const std::string error = error_for("retry:\n  deadline: 10 minutes\n");
    EXPECT_EQ(error.rfind("lifeline.yaml:2:13: retry.deadline: invalid duration \"10 minutes\"", 0),
              0u)
        << error;
    EXPECT_NE(error.find("examples: 250ms"), std::string::npos) << error;
}

TEST(ConfigErrors, BaseUrlMustBeHttpWithHost) {
    EXPECT_EQ(error_for("providers:\n  local:\n    kind: openai-compatible\n"
                        "    base_url: ftp://127.0.0.1/v1\n"),
              "lifeline.yaml:4:15: providers.local.base_url: \"ftp://127.0.0.1/v1\" is not an "
              "http(s) URL (e.g. https://api.example.com/v1)");
    EXPECT_EQ(
        error_for("providers:\n  local: {kind: openai-compatible, base_url: \"https:///v1\"}\n"),
        "lifeline.yaml:2:46: providers.local.base_url: \"https:///v1\" has no host");
    EXPECT_EQ(error_for("providers:\n  local: {kind: openai-compatible, "
                        "base_url: \"http://[::1]:99999/v1\"}\n"),
              "lifeline.yaml:2:46: providers.local.base_url: \"http://[::1]:99999/v1\" has a port "
              "outside 1-65535");
}

TEST(ConfigErrors, ProviderThatNeedsBaseUrlSaysSo) {
    EXPECT_EQ(error_for("providers:\n  vllm: {kind: openai-compatible}\n"),
              "lifeline.yaml:2:3: providers.vllm: openai-compatible provider needs base_url "
              "(e.g. http://127.0.0.1:8000/v1)");
}

TEST(ConfigErrors, AzureWithoutApiVersion) {
    EXPECT_EQ(
        error_for("providers:\n  azure:\n    base_url: https://myorg.openai.azure.com/openai\n"),
        "lifeline.yaml:2:3: providers.azure: azure provider needs api_version (e.g. "
        "api_version: \"2025-04-01-preview\")");
}

TEST(ConfigErrors, AuthEnvMustBeAVariableName) {
    EXPECT_EQ(error_for("providers:\n  openai: {auth: {env: openai-key}}\n"),
              "lifeline.yaml:2:24: providers.openai.auth.env: \"openai-key\" is not an environment "
              "variable name (use [A-Z_][A-Z0-9_]*, e.g. OPENAI_API_KEY)");
}

TEST(ConfigErrors, AuthEnvAndCommandTogether) {
    EXPECT_EQ(error_for("providers:\n  openai:\n    auth:\n      env: OPENAI_API_KEY\n"
                        "      command: [op, read, op://ci/openai]\n"),
              "lifeline.yaml:4:7: providers.openai.auth: set either env or command, not both");
}

TEST(ConfigErrors, AuthCommandAsOneStringIsRejected) {
    const std::string error =
        error_for("providers:\n  openai:\n    auth: {command: \"az account get-access-token\"}\n");
    EXPECT_EQ(error.rfind("lifeline.yaml:3:21: providers.openai.auth.command: expected the command "
                          "as a list of arguments",
                          0),
              0u)
        << error;
}

TEST(ConfigErrors, UnknownProviderKindListsValidKinds) {
    EXPECT_EQ(error_for("providers:\n  x: {kind: open-ai, base_url: https://x.example/v1}\n"),
              "lifeline.yaml:2:13: providers.x.kind: unknown provider kind \"open-ai\" (did you "
              "mean \"openai\"? known: openai, azure, anthropic, gemini, openrouter, "
              "openai-compatible)");
    EXPECT_EQ(error_for("providers:\n  corp: {base_url: https://x.example/v1}\n"),
              "lifeline.yaml:2:3: providers.corp: missing kind (one of: openai, azure, anthropic, "
              "gemini, openrouter, openai-compatible)");
}

TEST(ConfigErrors, NegativeNumbersAreRejected) {
    EXPECT_EQ(error_for("budget:\n  session_tokens: -5\n"),
              "lifeline.yaml:2:19: budget.session_tokens: must not be negative, got -5");
    EXPECT_EQ(error_for("budget: {cost_usd: {daily: -1.5}}\n"),
              "lifeline.yaml:1:28: budget.cost_usd.daily: must not be negative, got -1.5");
    EXPECT_EQ(error_for("models:\n  m: {provider: openai, price: {input: -1, output: 2}}\n", false),
              "lifeline.yaml:2:40: models.m.price.input: must not be negative, got -1");
}

TEST(ConfigErrors, PriceNeedsBothHalves) {
    EXPECT_EQ(error_for("models:\n  m: {provider: openai, price: {input: 1}}\n"),
              "lifeline.yaml:2:32: models.m.price: missing required key \"output\"");
}

TEST(ConfigErrors, EmptyLaneIsRejected) {
    EXPECT_EQ(error_for("lanes:\n  code: []\n", true),
              "lifeline.yaml:9:9: lanes.code: lane has no models; list at least one");
}

TEST(ConfigErrors, MinContextThatExcludesEveryModel) {
    EXPECT_EQ(error_for("lanes:\n  long-context: {chain: [gpt-5.5, claude-sonnet-4-6], "
                        "min_context: 1000000}\n",
                        true),
              "lifeline.yaml:9:68: lanes.long-context.min_context: min_context 1000000 excludes "
              "every model in the lane (largest context_window: gpt-5.5 with 400000); lower "
              "min_context or add a model with a larger context_window");
}

TEST(ConfigErrors, InvalidClassifyRegex) {
    const std::string error =
        error_for("classify:\n  - {pattern: \"rate limit (\", class: rate_limited}\n");
    EXPECT_EQ(error.rfind("lifeline.yaml:2:15: classify[0].pattern: invalid regular expression "
                          "\"rate limit (\": ",
                          0),
              0u)
        << error;
}

TEST(ConfigErrors, ClassifyUnknownFailureClass) {
    const std::string error =
        error_for("classify:\n  - pattern: overloaded\n    class: overload\n");
    EXPECT_EQ(error.rfind("lifeline.yaml:3:12: classify[0].class: unknown failure class "
                          "\"overload\" (did you mean \"overloaded\"? known: auth, ",
                          0),
              0u)
        << error;
}

TEST(ConfigErrors, RetryKeysAreFailureClassIds) {
    EXPECT_EQ(error_for("retry:\n  rate_limit: {retries: 2}\n"),
              "lifeline.yaml:2:3: retry: unknown key \"rate_limit\" (did you mean "
              "\"rate_limited\"?)");
    EXPECT_EQ(error_for("retry:\n  rate_limited: {retries: 2, then: retry}\n"),
              "lifeline.yaml:2:36: retry.rate_limited.then: unknown action \"retry\" (known: "
              "fallback, stop)");
}

TEST(ConfigErrors, DuplicateKeyNamesBothLines) {
    EXPECT_EQ(error_for("models:\n  gpt-5.5: {provider: openai}\n  gpt-5.5: {provider: azure}\n"),
              "lifeline.yaml:3:3: models: duplicate key \"gpt-5.5\" (first written at line 2; keep "
              "only one)");
}

TEST(ConfigErrors, UnsupportedVersion) {
    EXPECT_EQ(error_for("version: 2\n"),
              "lifeline.yaml:1:10: version: unsupported version 2 (this lifeline reads version: "
              "1)");
}

TEST(ConfigErrors, UnknownCapabilityListsKnownOnes) {
    EXPECT_EQ(error_for("providers:\n  openai: {}\nmodels:\n"
                        "  m: {provider: openai, capabilities: [tools, visoin]}\n"),
              "lifeline.yaml:4:47: models.m.capabilities[1]: unknown capability \"visoin\" (did "
              "you mean \"vision\"? known: tools, responses, streaming, vision, reasoning, "
              "json_mode, prompt_caching)");
}

TEST(ConfigErrors, StateUrlMustBeAKnownStore) {
    EXPECT_EQ(error_for("state: postgres://db/lifeline\n"),
              "lifeline.yaml:1:8: state: \"postgres://db/lifeline\" is not a state URL (use "
              "sqlite://PATH, redis://HOST:6379/0 or memory:)");
    EXPECT_EQ(error_for("state: {url: \"redis://r:6379/0\", fallback: sqlite}\n"),
              "lifeline.yaml:1:44: state.fallback: unknown state fallback \"sqlite\" (known: "
              "local, none)");
}

TEST(ConfigErrors, FractionsAndMinimumsAreChecked) {
    EXPECT_EQ(error_for("budget: {soft_threshold: 80}\n"),
              "lifeline.yaml:1:26: budget.soft_threshold: must be a fraction above 0 and at most 1 "
              "(e.g. 0.8), got 80");
    EXPECT_EQ(error_for("retry: {max_attempts: 0}\n"),
              "lifeline.yaml:1:23: retry.max_attempts: must be at least 1, got 0");
    EXPECT_EQ(error_for("retry: {backoff: {initial: 10s, max: 1s}}\n"),
              "lifeline.yaml:1:18: retry.backoff: initial (10s) is longer than max (1s)");
}

TEST(ConfigErrors, WrongShapeSaysWhatWasExpected) {
    EXPECT_EQ(error_for("providers: [openai, anthropic]\n"),
              "lifeline.yaml:1:12: providers: expected a map of key: value, got a list");
    EXPECT_EQ(error_for("lanes:\n  code: gpt-5.5\n", true),
              "lifeline.yaml:9:3: lanes.code: expected a list of models or {chain: [...], "
              "min_context: N}, got \"gpt-5.5\"");
}

TEST(ConfigErrors, YamlSyntaxErrorIsLocated) {
    const std::string error = error_for("version: 1\nproviders:\n  openai: {kind: openai\n");
    EXPECT_EQ(error.rfind("lifeline.yaml:", 0), 0u) << error;
    EXPECT_NE(error.find("invalid YAML"), std::string::npos) << error;
}

}  // namespace
}  // namespace lifeline::config

namespace lifeline::config {
namespace {

TEST(ConfigErrors, MalformedDocumentsFailCleanly) {
    const std::vector<std::string> documents = {
        "[",
        "{",
        "just a string",
        "- a\n- b\n",
        "version: [1]\n",
        "version: one\n",
        "providers: {openai: [1]}\n",
        "lanes: {a: {chain: 5}}\n",
        "lanes: {a: {min_context: 5}}\n",
        "&a [*a]\n",
        "? [a, b]\n: c\n",
        "models: {m: {provider: x, price: 5}}\n",
        "state: [a]\n",
        "state: {fallback: local}\n",
        "classify: {a: b}\n",
        "classify: [plain]\n",
        "retry: {rate_limited: 5}\n",
        "providers: {openai: {auth: {refresh: 5m}}}\n",
        "providers: {openai: {auth: {env: \"\"}}}\n",
        "providers: {openai: {headers: [a]}}\n",
        "budget: {cost_usd: 50}\n",
        "policy: {diversity: two}\n",
        "policy: {deny_jurisdictions: CN}\n",
        "circuit: {window: -1s}\n",
        "<<: {version: 1}\n",
    };
    for (const std::string& text : documents) {
        auto parsed = parse_config(text, "lifeline.yaml");
        EXPECT_FALSE(parsed.ok()) << "accepted: " << text;
        if (!parsed.ok()) {
            EXPECT_EQ(parsed.error().code, ErrorCode::config) << text;
            EXPECT_EQ(parsed.error().to_string().rfind("lifeline.yaml:", 0), 0u)
                << text << " -> " << parsed.error().to_string();
        }
    }
}

}  // namespace
}  // namespace lifeline::config
