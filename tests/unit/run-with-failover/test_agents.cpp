// Agent adapters: what each injects per candidate, and how it reads the agent's real output
// back (Codex human and --json, Claude json/stream-json, Gemini json and exit codes).

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "agent.hpp"
#include "agent_text.hpp"

namespace run_with_failover {
namespace {

using lifeline::FailureClass;
namespace config = lifeline::config;

const lifeline::SystemTime k_now = lifeline::from_unix_ms(1'795'255'200'000);
// A fake key: the shape of an OpenAI key, no real value.
const lifeline::secret::Secret k_key{std::string_view("sk-test-abcdefghijklmnopqrstuvwxyz012345")};

config::ProviderConfig provider(config::ProviderKind kind, std::string name, std::string env) {
    config::ProviderConfig p;
    p.name = std::move(name);
    p.kind = kind;
    p.base_url = "http://127.0.0.1:8080/v1";
    p.auth.mode = config::AuthConfig::Mode::env;
    p.auth.env = std::move(env);
    return p;
}

config::ModelConfig model(std::string name, std::string provider_name, std::string id = "") {
    config::ModelConfig m;
    m.name = std::move(name);
    m.provider = std::move(provider_name);
    m.id = std::move(id);
    return m;
}

bool argv_contains_key(const std::vector<std::string>& argv) {
    return std::any_of(argv.begin(), argv.end(), [](const std::string& arg) {
        return arg.find(k_key.reveal()) != std::string::npos;
    });
}

std::optional<FailureClass> codex_class(int exit_code, std::string_view stdout_text,
                                        std::string_view stderr_text = "") {
    return make_agent_adapter(AgentKind::codex)
        ->classify({exit_code, stdout_text, stderr_text}, k_now)
        .classification.failure_class;
}

TEST(DetectAgent, FindsTheAgentBehindWrappers) {
    EXPECT_EQ(detect_agent({"codex", "exec", "fix it"}), AgentKind::codex);
    EXPECT_EQ(detect_agent({"/usr/bin/env", "claude", "-p", "x"}), AgentKind::claude);
    EXPECT_EQ(detect_agent({"node", "/opt/bin/codex.js", "exec"}), AgentKind::codex);
    EXPECT_EQ(detect_agent({"gemini", "-p", "x"}), AgentKind::gemini);
    EXPECT_EQ(detect_agent({"make", "agent"}), AgentKind::generic);
}

TEST(CodexAdapter, InjectsTheCandidateAsConfigOverridesAndTheKeyOnlyInTheEnv) {
    const auto p = provider(config::ProviderKind::openai_compatible, "mistral", "MISTRAL_API_KEY");
    const auto m = model("mistral-large", "mistral", "mistral-large-latest");
    const Invocation invocation = make_agent_adapter(AgentKind::codex)
                                      ->prepare({"codex", "exec", "-m", "o3", "fix the tests"},
                                                {{"PATH", "/usr/bin"}}, {p, m, &k_key, {}});
    // The overrides pick-provider emits (routing/codex_profile), with Codex's retries off.
    const std::vector<std::string> expected = {
        "codex",
        "-c",
        "model=\"mistral-large-latest\"",
        "-c",
        "model_provider=\"lifeline-mistral\"",
        "-c",
        "model_providers.lifeline-mistral={ name = \"lifeline: mistral\", base_url = "
        "\"http://127.0.0.1:8080/v1\", env_key = \"MISTRAL_API_KEY\", wire_api = \"responses\", "
        "request_max_retries = 0, stream_max_retries = 0, stream_idle_timeout_ms = 300000 }",
        "exec",
        "fix the tests"};
    EXPECT_EQ(invocation.argv, expected);
    EXPECT_EQ(invocation.env.at("MISTRAL_API_KEY"), k_key.reveal());
    EXPECT_EQ(invocation.env.at("PATH"), "/usr/bin");
    EXPECT_FALSE(argv_contains_key(invocation.argv));
}

TEST(CodexAdapter, AzureGetsItsApiVersionAsAQueryParameter) {
    auto p = provider(config::ProviderKind::azure, "azure-east", "AZURE_OPENAI_API_KEY");
    p.base_url = "https://example-east.openai.azure.com/openai";
    p.api_version = "2025-04-01-preview";
    const auto m = model("gpt-5", "azure-east");
    const Invocation invocation = make_agent_adapter(AgentKind::codex)
                                      ->prepare({"codex", "exec", "x"}, {}, {p, m, &k_key, {}});
    ASSERT_EQ(invocation.argv.size(), 9u);
    EXPECT_NE(invocation.argv[6].find("wire_api = \"responses\", query_params = { api-version = "
                                      "\"2025-04-01-preview\" }"),
              std::string::npos)
        << invocation.argv[6];
    EXPECT_EQ(invocation.env.at("AZURE_OPENAI_API_KEY"), k_key.reveal());
}

TEST(CodexAdapter, ACommandAuthTokenIsHandedOverInLifelinesOwnVariable) {
    auto p = provider(config::ProviderKind::openai, "corp", "");
    p.auth.mode = config::AuthConfig::Mode::command;
    const Invocation invocation =
        make_agent_adapter(AgentKind::codex)
            ->prepare({"codex", "exec", "x"}, {}, {p, model("m", "corp"), &k_key, {}});
    EXPECT_EQ(invocation.env.at("LIFELINE_API_KEY"), k_key.reveal());
    EXPECT_NE(invocation.argv[6].find("env_key = \"LIFELINE_API_KEY\""), std::string::npos)
        << invocation.argv[6];
    EXPECT_FALSE(argv_contains_key(invocation.argv));
}

TEST(CodexAdapter, AnthropicAndGeminiProvidersAreUnusableOthersAreNot) {
    const auto codex = make_agent_adapter(AgentKind::codex);
    EXPECT_EQ(codex->unusable_reason(provider(config::ProviderKind::anthropic, "a", "K")),
              "Codex speaks only the OpenAI Responses API, which anthropic providers do not serve");
    EXPECT_NE(codex->unusable_reason(provider(config::ProviderKind::gemini, "g", "K")), "");
    for (auto kind : {config::ProviderKind::openai, config::ProviderKind::azure,
                      config::ProviderKind::openrouter, config::ProviderKind::openai_compatible})
        EXPECT_EQ(codex->unusable_reason(provider(kind, "p", "K")), "");
    // Claude Code and Gemini CLI work through translating gateways: the user's call.
    EXPECT_EQ(make_agent_adapter(AgentKind::claude)
                  ->unusable_reason(provider(config::ProviderKind::openrouter, "o", "K")),
              "");
}

TEST(CodexAdapter, JsonReconnectingErrorsAreNotTerminal) {
    const std::string jsonl =
        R"J({"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"})J"
        "\n"
        R"J({"type":"turn.started"})J"
        "\n"
        R"J({"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: error sending request)"})J"
        "\n"
        R"J({"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"Done."}})J"
        "\n"
        R"J({"type":"turn.completed","usage":{"input_tokens":24763,"cached_input_tokens":24448,"output_tokens":122}})J"
        "\n";
    const AgentVerdict verdict =
        make_agent_adapter(AgentKind::codex)->classify({0, jsonl, ""}, k_now);
    EXPECT_TRUE(verdict.classification.is_success());
    ASSERT_TRUE(verdict.usage);
    EXPECT_EQ(verdict.usage->input_tokens, 24763);
    EXPECT_EQ(verdict.usage->cached_input_tokens, 24448);
    EXPECT_EQ(verdict.usage->output_tokens, 122);
}

TEST(CodexAdapter, JsonTurnFailedIsClassifiedByItsMessage) {
    const std::string jsonl =
        R"J({"type":"turn.started"})J"
        "\n"
        R"J({"type":"error","message":"Reconnecting... 5/5 (unexpected status 429 Too Many Requests)"})J"
        "\n"
        R"J({"type":"turn.failed","error":{"message":"exceeded retry limit, last status: 429 Too Many Requests"}})J"
        "\n";
    EXPECT_EQ(codex_class(1, jsonl), FailureClass::rate_limited);
}

TEST(CodexAdapter, HumanOutputKnownTexts) {
    struct Case {
        const char* stderr_text;
        FailureClass expected;
    };
    const Case cases[] = {
        {"ERROR: exceeded retry limit, last status: 429 Too Many Requests",
         FailureClass::rate_limited},
        {"ERROR: unexpected status 401 Unauthorized: Incorrect API key provided",
         FailureClass::auth},
        {"ERROR: Quota exceeded. Check your plan and billing details.",
         FailureClass::quota_exhausted},
        {"ERROR: Codex ran out of room in the model's context window. Start a new thread or clear "
         "earlier history before retrying.",
         FailureClass::context_exceeded},
        {"ERROR: stream disconnected before completion: error decoding response body",
         FailureClass::stream_broken},
        {"ERROR: Selected model is at capacity. Please try a different model.",
         FailureClass::overloaded},
        {"ERROR: We're currently experiencing high demand, which may cause temporary errors.",
         FailureClass::overloaded},
        {"ERROR: unexpected status 500 Internal Server Error", FailureClass::server_error},
        {"ERROR: unexpected status 404 Not Found: {\"error\":{\"message\":\"The model `gpt-9` does "
         "not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}",
         FailureClass::model_not_found},
    };
    for (const Case& c : cases)
        EXPECT_EQ(codex_class(1, "", c.stderr_text), c.expected) << c.stderr_text;
}

TEST(CodexAdapter, AFailedTaskKeepsItsExitCode) {
    const AgentVerdict verdict =
        make_agent_adapter(AgentKind::codex)
            ->classify({2, "", "FAILED tests/test_api.py::test_login"}, k_now);
    EXPECT_EQ(verdict.classification.failure_class, FailureClass::task_failed);
}

TEST(CodexAdapter, WaitHintFromTheMessage) {
    const AgentVerdict verdict =
        make_agent_adapter(AgentKind::codex)
            ->classify({1, "",
                        "ERROR: Rate limit reached for gpt-5.5 in organization org-abc on tokens "
                        "per min (TPM): Limit 30000, Used 29000, Requested 1500. Please try again "
                        "in 11.054s."},
                       k_now);
    EXPECT_EQ(verdict.classification.failure_class, FailureClass::rate_limited);
    EXPECT_EQ(verdict.classification.wait_hint, lifeline::Duration{11054});
}

TEST(ClaudeAdapter, InjectsBaseUrlModelKeyAndMaxTurns) {
    const auto p = provider(config::ProviderKind::anthropic, "anthropic", "ANTHROPIC_API_KEY");
    const auto m = model("claude-sonnet-4-6", "anthropic");
    const Invocation invocation =
        make_agent_adapter(AgentKind::claude)
            ->prepare({"claude", "-p", "fix it", "--output-format", "json"}, {},
                      {p, m, &k_key, 12});
    EXPECT_EQ(invocation.env.at("ANTHROPIC_BASE_URL"), "http://127.0.0.1:8080/v1");
    EXPECT_EQ(invocation.env.at("ANTHROPIC_MODEL"), "claude-sonnet-4-6");
    EXPECT_EQ(invocation.env.at("ANTHROPIC_API_KEY"), k_key.reveal());
    EXPECT_EQ(invocation.argv[1], "--max-turns");
    EXPECT_EQ(invocation.argv[2], "12");
    EXPECT_FALSE(argv_contains_key(invocation.argv));
}

TEST(ClaudeAdapter, EveryModelVariableNamesTheCandidateAndRetriesAreLifelines) {
    const auto p = provider(config::ProviderKind::anthropic, "sim", "SIM_KEY");
    const auto m = model("sonnet", "sim", "claude-sonnet-4-6");
    AgentTarget target{p, m, &k_key, {}};
    target.agent_retries = 1;
    target.quiet = true;
    const Invocation invocation = make_agent_adapter(AgentKind::claude)
                                      ->prepare({"claude", "-p", "x"},
                                                {{"ANTHROPIC_AUTH_TOKEN", "users-own-token"},
                                                 {"ANTHROPIC_SMALL_FAST_MODEL", "claude-haiku"}},
                                                target);
    for (const char* variable :
         {"ANTHROPIC_MODEL", "ANTHROPIC_SMALL_FAST_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL",
          "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL"}) {
        EXPECT_EQ(invocation.env.at(variable), "claude-sonnet-4-6") << variable;
    }
    EXPECT_EQ(invocation.env.count("ANTHROPIC_AUTH_TOKEN"), 0u);
    EXPECT_EQ(invocation.env.at("CLAUDE_CODE_MAX_RETRIES"), "1");
    // Not Anthropic's own API: experimental betas could be rejected.
    EXPECT_EQ(invocation.env.at("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"), "1");
    EXPECT_EQ(invocation.env.at("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"), "1");
}

// Proxy mode: the lane is the model, its background lane the small/fast model.
TEST(ClaudeAdapter, BackgroundCallsGoToTheBackgroundLaneThroughTheProxy) {
    const auto p =
        provider(config::ProviderKind::anthropic, "lifeline-proxy", "LIFELINE_PROXY_TOKEN");
    const auto m = model("code", "lifeline-proxy");
    AgentTarget target{p, m, &k_key, {}};
    target.via_proxy = true;
    target.background_model = "small-edit";
    const Invocation invocation =
        make_agent_adapter(AgentKind::claude)->prepare({"claude", "-p", "x"}, {}, target);
    EXPECT_EQ(invocation.env.at("ANTHROPIC_MODEL"), "code");
    EXPECT_EQ(invocation.env.at("ANTHROPIC_DEFAULT_SONNET_MODEL"), "code");
    EXPECT_EQ(invocation.env.at("ANTHROPIC_SMALL_FAST_MODEL"), "small-edit");
    EXPECT_EQ(invocation.env.at("ANTHROPIC_DEFAULT_HAIKU_MODEL"), "small-edit");
}

// Proxy mode keeps Codex's own retries on: a turn the proxy ends with an error is resent.
TEST(CodexAdapter, ThroughTheProxyItsOwnRetriesStayOn) {
    const auto p = provider(config::ProviderKind::openai, "lifeline-proxy", "LIFELINE_PROXY_TOKEN");
    auto m = model("code", "lifeline-proxy");
    m.capabilities = {"responses"};
    AgentTarget target{p, m, &k_key, {}};
    target.via_proxy = true;
    const Invocation invocation =
        make_agent_adapter(AgentKind::codex)->prepare({"codex", "exec", "x"}, {}, target);
    std::string joined;
    for (const auto& arg : invocation.argv)
        joined += arg + " ";
    EXPECT_NE(joined.find("stream_max_retries = 2"), std::string::npos) << joined;
    EXPECT_NE(joined.find("request_max_retries = 1"), std::string::npos) << joined;
}

TEST(ClaudeAdapter, AnthropicsOwnApiKeepsBetasAndTrafficStaysUnlessQuiet) {
    auto p = provider(config::ProviderKind::anthropic, "anthropic", "ANTHROPIC_API_KEY");
    p.base_url = "https://api.anthropic.com";
    const auto m = model("claude-sonnet-4-6", "anthropic");
    const Invocation invocation = make_agent_adapter(AgentKind::claude)
                                      ->prepare({"claude", "-p", "x"}, {}, {p, m, &k_key, {}});
    EXPECT_EQ(invocation.env.count("CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS"), 0u);
    EXPECT_EQ(invocation.env.count("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"), 0u);
    EXPECT_EQ(invocation.env.at("CLAUDE_CODE_MAX_RETRIES"), "0");
}

TEST(ClaudeAdapter, TransientFailuresReportTheRetriesClaudeMadeItself) {
    const std::string overloaded =
        R"J({"type":"result","subtype":"success","is_error":true,"api_error_status":503,)J"
        R"J("result":"API Error: 503 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Service Unavailable\"}}"})J";
    const auto adapter = make_agent_adapter(AgentKind::claude);
    const AgentVerdict verdict = adapter->classify({1, overloaded, "", 2}, k_now);
    EXPECT_EQ(verdict.classification.failure_class, FailureClass::overloaded);
    EXPECT_EQ(verdict.agent_retries, 2);
    // Claude Code 2.1 retries even a 401 (the requests are counted), never a bad request.
    const std::string auth =
        R"J({"type":"result","is_error":true,"api_error_status":401,"result":"Invalid API key · Fix external API key"})J";
    const AgentVerdict refused = adapter->classify({1, auth, "", 2}, k_now);
    EXPECT_EQ(refused.classification.failure_class, FailureClass::auth);
    EXPECT_EQ(refused.agent_retries, 2);
    const std::string too_long =
        R"J({"type":"result","is_error":true,"api_error_status":400,"result":"API Error: 400 {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}"})J";
    const AgentVerdict overflow = adapter->classify({1, too_long, "", 2}, k_now);
    EXPECT_EQ(overflow.classification.failure_class, FailureClass::context_exceeded);
    EXPECT_EQ(overflow.agent_retries, 0);
}

TEST(ClaudeAdapter, NonBooleanIsErrorIsReadNotThrown) {
    // is_error as a list threw nlohmann's type_error out of classify and ended the run
    // (tests/fuzz/regressions/agent_claude/is-error-not-a-boolean).
    const auto adapter = make_agent_adapter(AgentKind::claude);
    const std::string listed = R"J({"type":"result","subtype":"success","is_error":[1]})J";
    EXPECT_FALSE(adapter->classify({0, listed, "", 0}, k_now).classification.failure_class);
    const std::string text = R"J({"type":"result","subtype":"error_max_turns","is_error":"yes"})J";
    EXPECT_EQ(adapter->classify({1, text, "", 0}, k_now).classification.failure_class,
              FailureClass::budget_exceeded);
}

TEST(ClaudeAdapter, JsonApiErrorIsClassifiedEvenWithExitZero) {
    const std::string json =
        R"J({"type":"result","subtype":"success","is_error":true,"duration_ms":2100,)J"
        R"J("num_turns":1,"result":"API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",)J"
        R"J("session_id":"5f0a7c1e","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0}})J";
    const AgentVerdict verdict =
        make_agent_adapter(AgentKind::claude)->classify({0, json, ""}, k_now);
    EXPECT_EQ(verdict.classification.failure_class, FailureClass::overloaded);
}

TEST(ClaudeAdapter, StreamJsonSuccessReadsUsage) {
    const std::string jsonl =
        R"J({"type":"system","subtype":"init","session_id":"abc","model":"claude-sonnet-4-6"})J"
        "\n"
        R"J({"type":"result","subtype":"success","is_error":false,"result":"Fixed.","usage":)J"
        R"J({"input_tokens":12,"cache_creation_input_tokens":3000,"cache_read_input_tokens":9000,"output_tokens":480}})J"
        "\n";
    const AgentVerdict verdict =
        make_agent_adapter(AgentKind::claude)->classify({0, jsonl, ""}, k_now);
    EXPECT_TRUE(verdict.classification.is_success());
    ASSERT_TRUE(verdict.usage);
    EXPECT_EQ(verdict.usage->input_tokens, 12012);
    EXPECT_EQ(verdict.usage->output_tokens, 480);
}

TEST(ClaudeAdapter, RateLimitAndMaxTurns) {
    const std::string limited =
        R"J({"type":"result","subtype":"success","is_error":true,"result":"API Error: 429 {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This request would exceed the rate limit for your organization\"}}"})J";
    EXPECT_EQ(make_agent_adapter(AgentKind::claude)
                  ->classify({1, limited, ""}, k_now)
                  .classification.failure_class,
              FailureClass::rate_limited);
    const std::string turns = R"J({"type":"result","subtype":"error_max_turns","is_error":true})J";
    EXPECT_EQ(make_agent_adapter(AgentKind::claude)
                  ->classify({1, turns, ""}, k_now)
                  .classification.failure_class,
              FailureClass::budget_exceeded);
}

TEST(GeminiAdapter, InjectsModelFlagKeyAndAPrivateHomeWithGeneratedSettings) {
    const auto p = provider(config::ProviderKind::gemini, "gemini", "GEMINI_API_KEY");
    const auto m = model("gemini-3-1-pro", "gemini", "gemini-3.1-pro-preview");
    AgentTarget target{p, m, &k_key, 12};
    target.agent_retries = 1;
    target.quiet = true;
    target.private_dir = "/tmp/lifeline-agent-abc";
    const Invocation invocation = make_agent_adapter(AgentKind::gemini)
                                      ->prepare({"gemini", "-m", "old", "-p", "x"},
                                                {{"GOOGLE_API_KEY", "users-own"}}, target);
    const std::vector<std::string> expected = {"gemini", "-m", "gemini-3.1-pro-preview", "-p", "x"};
    EXPECT_EQ(invocation.argv, expected);
    EXPECT_EQ(invocation.env.at("GOOGLE_GEMINI_BASE_URL"), "http://127.0.0.1:8080/v1");
    EXPECT_EQ(invocation.env.at("GEMINI_API_KEY"), k_key.reveal());
    EXPECT_EQ(invocation.env.count("GOOGLE_API_KEY"), 0u);
    EXPECT_EQ(invocation.env.at("GEMINI_CLI_TRUST_WORKSPACE"), "true");
    EXPECT_EQ(invocation.env.at("GEMINI_CLI_HOME"), "/tmp/lifeline-agent-abc/gemini-home");
    ASSERT_EQ(invocation.files.size(), 1u);
    EXPECT_EQ(invocation.files[0].path,
              "/tmp/lifeline-agent-abc/gemini-home/.gemini/settings.json");
    const auto settings = nlohmann::json::parse(invocation.files[0].content);
    EXPECT_EQ(settings["security"]["auth"]["selectedType"], "gemini-api-key");
    EXPECT_EQ(settings["model"]["name"], "gemini-3.1-pro-preview");
    EXPECT_EQ(settings["model"]["maxSessionTurns"], 12);
    EXPECT_EQ(settings["general"]["maxAttempts"], 2);
    EXPECT_EQ(settings["privacy"]["usageStatisticsEnabled"], false);
    EXPECT_EQ(settings["telemetry"]["enabled"], false);
    EXPECT_FALSE(argv_contains_key(invocation.argv));
    EXPECT_EQ(invocation.files[0].content.find(k_key.reveal()), std::string::npos);
}

TEST(GeminiAdapter, WithoutQuietTheUsersTelemetryChoiceStands) {
    const auto p = provider(config::ProviderKind::gemini, "gemini", "GEMINI_API_KEY");
    const auto m = model("gemini-3-1-pro", "gemini");
    AgentTarget target{p, m, &k_key, {}};
    target.private_dir = "/tmp/x";
    const Invocation invocation =
        make_agent_adapter(AgentKind::gemini)->prepare({"gemini", "-p", "x"}, {}, target);
    const auto settings = nlohmann::json::parse(invocation.files.at(0).content);
    EXPECT_FALSE(settings.contains("telemetry"));
    EXPECT_FALSE(settings.contains("privacy"));
    EXPECT_FALSE(settings["model"].contains("maxSessionTurns"));
    // No retries of its own: one request per attempt.
    EXPECT_EQ(settings["general"]["maxAttempts"], 1);
}

TEST(GeminiAdapter, ErrorDocumentOnStderrAndStatusExitCodes) {
    auto classify = [](int code, std::string_view out, std::string_view err = "", int retries = 0) {
        return make_agent_adapter(AgentKind::gemini)->classify({code, out, err, retries}, k_now);
    };
    // Gemini CLI 0.61: log lines and a stack trace, then the pretty-printed error document.
    const std::string limited =
        "YOLO mode is enabled. All tool calls will be automatically approved.\n"
        "    at async main (file:///gemini.js:17627:5) {\n  status: 429\n}\n"
        "{\n  \"session_id\": \"f6c1431e\",\n  \"error\": {\n    \"type\": \"Error\",\n"
        "    \"message\": \"Resource has been exhausted (e.g. check quota).\",\n"
        "    \"code\": 429\n  }\n}\n";
    const AgentVerdict verdict = classify(173, "", limited, 1);
    EXPECT_EQ(verdict.classification.failure_class, FailureClass::rate_limited);
    EXPECT_EQ(verdict.agent_retries, 1);
    // The exit code alone (429 % 256 = 173, 503 -> 247) still names the status.
    EXPECT_EQ(classify(247, "", "").classification.failure_class, FailureClass::overloaded);
    const std::string unauthenticated =
        R"J({"session_id":"7","error":{"type":"Error","message":"{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}","code":401}})J";
    const AgentVerdict auth = classify(145, "", unauthenticated, 1);
    EXPECT_EQ(auth.classification.failure_class, FailureClass::auth);
    EXPECT_EQ(auth.agent_retries, 0);  // Gemini CLI never retries a 401
    EXPECT_EQ(classify(1, "",
                       "Error when talking to Gemini API: User location is not supported "
                       "for the API use.")
                  .classification.failure_class,
              FailureClass::region_blocked);
    const std::string turns =
        R"J([ERROR] {"session_id":"2","error":{"type":"FatalTurnLimitedError","message":"Reached max session turns for this session.","code":53}})J";
    EXPECT_EQ(classify(53, "", turns).classification.failure_class, FailureClass::budget_exceeded);
}

TEST(GeminiAdapter, NoAuthMethodAndAnUntrustedFolderAreSetUpErrorsNotAuth) {
    auto verdict = [](int code, std::string_view err) {
        return make_agent_adapter(AgentKind::gemini)->classify({code, "", err}, k_now);
    };
    const AgentVerdict no_auth = verdict(
        41,
        R"J({"session_id":"1","error":{"type":"Error","message":"Invalid auth method selected.","code":41}})J");
    EXPECT_FALSE(no_auth.classification.failure_class);
    EXPECT_NE(no_auth.setup_error.find("security.auth.selectedType"), std::string::npos);
    const AgentVerdict untrusted =
        verdict(55,
                "Gemini CLI is not running in a trusted directory. To proceed, either use "
                "`--skip-trust`, set the `GEMINI_CLI_TRUST_WORKSPACE=true` environment variable");
    EXPECT_NE(untrusted.setup_error.find("GEMINI_CLI_TRUST_WORKSPACE"), std::string::npos);
}

TEST(GeminiAdapter, SuccessReadsStats) {
    const std::string ok =
        R"J({"response":"Done.","stats":{"models":{"gemini-2.5-pro":{"api":{"totalRequests":2},)J"
        R"J("tokens":{"prompt":24939,"candidates":20,"total":25113,"cached":21263,"thoughts":154}}}}})J";
    const AgentVerdict verdict =
        make_agent_adapter(AgentKind::gemini)->classify({0, ok, ""}, k_now);
    EXPECT_TRUE(verdict.classification.is_success());
    ASSERT_TRUE(verdict.usage);
    EXPECT_EQ(verdict.usage->input_tokens, 24939);
    EXPECT_EQ(verdict.usage->output_tokens, 174);
}

TEST(GenericAdapter, FillsPlaceholdersAndOpenAiVariables) {
    const auto p = provider(config::ProviderKind::openai, "openai", "OPENAI_API_KEY");
    const auto m = model("gpt-5.5", "openai");
    const Invocation invocation =
        make_agent_adapter(AgentKind::generic)
            ->prepare({"aider", "--model", "{provider}/{model}", "--api-base", "{base_url}"}, {},
                      {p, m, &k_key, {}});
    const std::vector<std::string> expected = {"aider", "--model", "openai/gpt-5.5", "--api-base",
                                               "http://127.0.0.1:8080/v1"};
    EXPECT_EQ(invocation.argv, expected);
    EXPECT_EQ(invocation.env.at("OPENAI_MODEL"), "gpt-5.5");
    EXPECT_EQ(invocation.env.at("LIFELINE_PROVIDER"), "openai");
    EXPECT_EQ(invocation.env.at("OPENAI_BASE_URL"), "http://127.0.0.1:8080/v1");
    EXPECT_EQ(invocation.env.at("OPENAI_API_KEY"), k_key.reveal());
}

TEST(UserPatterns, MatchForTheirAgentOnly) {
    const std::vector<config::ClassifyPattern> patterns = {
        {"upstream connect error", FailureClass::network, "codex"},
        {"E_PROVIDER_BUSY", FailureClass::overloaded, ""},
    };
    EXPECT_EQ(match_user_patterns(patterns, "codex", "upstream connect error or disconnect")
                  ->failure_class,
              FailureClass::network);
    EXPECT_FALSE(match_user_patterns(patterns, "claude", "upstream connect error"));
    EXPECT_EQ(match_user_patterns(patterns, "generic", "fatal: E_PROVIDER_BUSY")->failure_class,
              FailureClass::overloaded);
}

TEST(AgentText, NothingKnownIsNotAProviderFailure) {
    EXPECT_FALSE(classify_agent_text("3 tests failed, 12 passed", k_now));
}

}  // namespace
}  // namespace run_with_failover
