// tools/pick-provider/pick_provider.cpp: whole runs with fakes — stdout, exit codes, GitHub's
// files, the dotenv report and the emitted agent configuration.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_keys.hpp"
#include "pick_fixtures.hpp"
#include "pick_provider.hpp"
#include "test_context.hpp"

namespace pick_provider {
namespace {

using lifeline::testing::TestContext;
using nlohmann::json;
using ::testing::HasSubstr;

class Run : public ::testing::Test {
  protected:
    Run() {
        m_ctx.fs.put("lifeline.yaml", testing::k_pick_yaml);
        m_options.common.config_path = "lifeline.yaml";
        m_options.no_state = true;
        m_options.lane = "code";
    }

    int run_tool() { return run(m_options, m_ctx.context); }
    json document() const { return json::parse(m_ctx.out.str()); }

    TestContext m_ctx;
    Options m_options;
};

TEST_F(Run, ChoosesTheFirstOfTheLaneWithItsChain) {
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    EXPECT_EQ(doc["tool"], "pick-provider");
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["summary"], "anthropic/claude-sonnet-4-6 chosen for lane code (2 fallbacks)");
    EXPECT_EQ(doc["data"]["chosen"]["provider"], "anthropic");
    EXPECT_EQ(doc["data"]["chosen"]["env_key"], "ANTHROPIC_API_KEY");
    // Diversity (policy) moved mistral (EU) up to the first fallback.
    EXPECT_EQ(doc["data"]["chain"][1]["model"], "mistral-large");
    EXPECT_EQ(doc["data"]["chain"][1]["upstream_model_id"], "mistral-large-latest");
    EXPECT_EQ(doc["data"]["chain"][2]["model"], "gpt-5.5");
}

TEST_F(Run, ProbeResultsDriveRejections) {
    m_ctx.fs.put("probe.json", testing::k_probe_document);
    m_options.probe_results = "probe.json";
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    EXPECT_EQ(doc["data"]["health_source"], "probe-results");
    EXPECT_EQ(doc["data"]["chosen"]["model"], "gpt-5.5");
    ASSERT_EQ(doc["data"]["rejected"].size(), 1u);
    EXPECT_EQ(doc["data"]["rejected"][0]["model"], "claude-sonnet-4-6");
    EXPECT_EQ(doc["data"]["rejected"][0]["reason"], "last probe: auth (probe-results)");
}

TEST_F(Run, NothingUsableExitsOneListingEveryReason) {
    m_options.lane = "us";
    m_options.deny = {"US"};
    EXPECT_EQ(run_tool(), 1);
    const json doc = document();
    EXPECT_EQ(doc["status"], "failed");
    EXPECT_EQ(doc["summary"], "no usable candidate for lane us (2 rejected)");
    EXPECT_TRUE(doc["data"]["chosen"].is_null());
    ASSERT_EQ(doc["errors"].size(), 2u);
    EXPECT_EQ(doc["errors"][0]["class"], "no_candidate");
    EXPECT_EQ(doc["errors"][0]["message"], "anthropic/claude-sonnet-4-6: jurisdiction US denied");
}

TEST_F(Run, ImpossibleDiversityIsALoudWarning) {
    m_options.lane = "us";
    m_ctx.env.set("GITHUB_ACTIONS", "true");
    m_ctx.env.set("GITHUB_OUTPUT", "/gh/output");
    m_ctx.env.set("GITHUB_ENV", "/gh/env");
    EXPECT_EQ(run_tool(), 0);
    EXPECT_EQ(document()["status"], "degraded");
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("::warning title=pick-provider::policy.diversity"));
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("pick-provider: warning: policy.diversity"));
}

TEST_F(Run, GitHubOutputsAndEnvCarryTheChoice) {
    m_ctx.env.set("GITHUB_ACTIONS", "true");
    m_ctx.env.set("GITHUB_OUTPUT", "/gh/output");
    m_ctx.env.set("GITHUB_ENV", "/gh/env");
    EXPECT_EQ(run_tool(), 0);
    const std::string outputs = m_ctx.fs.read_file("/gh/output").value();
    EXPECT_THAT(outputs, HasSubstr("provider=anthropic\n"));
    EXPECT_THAT(outputs, HasSubstr("model_id=claude-sonnet-4-6\n"));
    EXPECT_THAT(outputs, HasSubstr("env_key=ANTHROPIC_API_KEY\n"));
    EXPECT_THAT(outputs, HasSubstr("chain=claude-sonnet-4-6,mistral-large,gpt-5.5\n"));
    const std::string env = m_ctx.fs.read_file("/gh/env").value();
    EXPECT_THAT(env, HasSubstr("LIFELINE_PROVIDER=anthropic\n"));
    EXPECT_THAT(env, HasSubstr("OPENAI_BASE_URL=https://api.anthropic.com\n"));
}

TEST_F(Run, DotenvReportForGitLab) {
    m_options.common.dotenv_path = "pick.env";
    EXPECT_EQ(run_tool(), 0);
    const std::string dotenv = m_ctx.fs.read_file("pick.env").value();
    EXPECT_THAT(dotenv, HasSubstr("LIFELINE_MODEL=claude-sonnet-4-6\n"));
    EXPECT_THAT(dotenv, HasSubstr("LIFELINE_CHAIN=claude-sonnet-4-6,mistral-large,gpt-5.5\n"));
}

TEST_F(Run, FormatEnvPrintsShellAssignments) {
    m_options.common.format = lifeline::app::OutputFormat::env;
    EXPECT_EQ(run_tool(), 0);
    EXPECT_THAT(m_ctx.out.str(), HasSubstr("LIFELINE_PROVIDER='anthropic'\n"));
    EXPECT_THAT(m_ctx.out.str(), HasSubstr("LIFELINE_ENV_KEY='ANTHROPIC_API_KEY'\n"));
    EXPECT_THAT(m_ctx.out.str(), ::testing::Not(HasSubstr("{")));
}

TEST_F(Run, EmitCodexProfileWritesTheFileAndSkipsWhatCodexCannotReach) {
    m_options.emit = "codex-profile";
    m_options.codex_home = "/ci/.codex";
    m_options.profile_name = "ci";
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    // Codex only speaks the Responses API: anthropic is rejected for this emit.
    EXPECT_EQ(doc["data"]["chosen"]["model"], "gpt-5.5");
    EXPECT_EQ(doc["data"]["rejected"][0]["reason"],
              "kind anthropic cannot serve codex (OpenAI Responses API)");
    EXPECT_EQ(doc["data"]["emitted"]["path"], "/ci/.codex/ci.config.toml");
    const std::string profile = m_ctx.fs.read_file("/ci/.codex/ci.config.toml").value();
    EXPECT_THAT(profile, HasSubstr("model = \"gpt-5.5\"\n"));
    EXPECT_THAT(profile, HasSubstr("[model_providers.lifeline-openai]\n"));
    EXPECT_THAT(profile, HasSubstr("# Fallbacks (run-with-failover): mistral/mistral-large\n"));
}

TEST_F(Run, EmitClaudeEnvPrintsOnlyTheAssignments) {
    m_options.emit = "claude-env";
    EXPECT_EQ(run_tool(), 0);
    EXPECT_EQ(m_ctx.out.str(),
              "ANTHROPIC_BASE_URL='https://api.anthropic.com'\n"
              "ANTHROPIC_MODEL='claude-sonnet-4-6'\n"
              "LIFELINE_API_KEY_ENV='ANTHROPIC_API_KEY'\n");
}

TEST_F(Run, ViaProxyPointsClaudeAtTheProxyWithTheLaneAndNoKey) {
    const std::string key = lifeline::testing::fake_anthropic_key();
    m_ctx.env.set("ANTHROPIC_API_KEY", key);
    m_ctx.env.set("LIFELINE_PROXY_TOKEN", "llp-secret-proxy-token");
    m_options.emit = "claude-env";
    m_options.via = "http://127.0.0.1:4141/";
    EXPECT_EQ(run_tool(), 0);
    // Through the proxy Claude Code may use a lane of any vendor: nothing is rejected for kind.
    EXPECT_THAT(m_ctx.out.str(), HasSubstr("ANTHROPIC_BASE_URL='http://127.0.0.1:4141'\n"
                                           "ANTHROPIC_AUTH_TOKEN=\"${LIFELINE_PROXY_TOKEN}\"\n"
                                           "ANTHROPIC_MODEL='code'\n"));
    EXPECT_THAT(m_ctx.out.str(), HasSubstr("ANTHROPIC_SMALL_FAST_MODEL='code'\n"));
    EXPECT_EQ(m_ctx.out.str().find(key), std::string::npos);
    EXPECT_EQ(m_ctx.out.str().find("llp-secret-proxy-token"), std::string::npos);
    EXPECT_EQ(m_ctx.err.str(), "");
}

TEST_F(Run, ViaProxyWritesACodexProfileForTheLane) {
    m_options.emit = "codex-profile";
    m_options.via = "http://127.0.0.1:4141";
    m_options.codex_home = "/ci/.codex";
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    EXPECT_EQ(doc["summary"], "lane code through the failover-proxy at http://127.0.0.1:4141");
    EXPECT_EQ(doc["data"]["lane"], "code");
    EXPECT_EQ(doc["data"]["via"], "http://127.0.0.1:4141");
    EXPECT_EQ(doc["data"]["context_window"], 128000);
    EXPECT_EQ(doc["data"]["emitted"]["path"], "/ci/.codex/lifeline.config.toml");
    const std::string profile = m_ctx.fs.read_file("/ci/.codex/lifeline.config.toml").value();
    EXPECT_THAT(profile, HasSubstr("model = \"code\"\nmodel_provider = \"lifeline\"\n"
                                   "model_context_window = 128000\n"));
    EXPECT_THAT(profile, HasSubstr("base_url = \"http://127.0.0.1:4141/v1\"\n"));
}

TEST_F(Run, ViaProxyNeedsALaneAnEmitAndAUrl) {
    m_options.via = "http://127.0.0.1:4141";
    m_options.emit = "gemini-env";
    m_options.lane.clear();
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("pick-provider: error: --via needs --lane"));

    m_options.lane = "code";
    m_options.emit.clear();
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("--via needs --emit"));

    m_options.emit = "gemini-env";
    m_options.via = "127.0.0.1:4141";
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(),
                HasSubstr("--via \"127.0.0.1:4141\": not an http:// or https:// URL"));

    // An unset variable (`--via "$LIFELINE_PROXY_URL"`) must not fall back to a direct choice.
    m_options.via = "";
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("--via \"\": not an http:// or https:// URL"));

    m_options.via = "http://127.0.0.1:4141";
    m_options.lane = "cod";
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("unknown lane \"cod\" (did you mean \"code\"?)"));
}

TEST_F(Run, ViaProxyRefusesFlagsThatOnlyShapeALocalDecision) {
    m_options.emit = "codex-args";
    m_options.via = "http://127.0.0.1:4141";
    m_options.probe = true;
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("--via and --probe exclude each other"));
    EXPECT_TRUE(m_ctx.http.requests().empty());
}

TEST_F(Run, BadFlagsAndFilesExitTwo) {
    m_options.strategy = "fastest";
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("--strategy \"fastest\""));

    Options other;
    other.common.config_path = "lifeline.yaml";
    other.no_state = true;
    other.needs = {"tool"};
    EXPECT_EQ(run(other, m_ctx.context), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("did you mean \"tools\""));
}

TEST_F(Run, MalformedCodexConfigIsAFileLineError) {
    m_ctx.fs.put("config.toml", "model = \"gpt-5.5\"\nmodel_provider = = \"x\"\n");
    m_options.codex_config = "config.toml";
    m_options.lane.clear();
    EXPECT_EQ(run_tool(), 2);
    EXPECT_THAT(m_ctx.err.str(), HasSubstr("pick-provider: error: config.toml:2:"));
}

TEST_F(Run, CodexConfigImportBecomesTheDefaultLane) {
    m_ctx.fs.put(
        "config.toml",
        "model = \"qwen3-coder\"\nmodel_provider = \"vllm\"\n"
        "[model_providers.vllm]\nname = \"vLLM\"\nbase_url = \"http://127.0.0.1:8000/v1\"\n");
    m_options.codex_config = "config.toml";
    m_options.lane.clear();
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    EXPECT_EQ(doc["data"]["lane"], "codex");
    EXPECT_EQ(doc["data"]["chosen"]["provider"], "vllm");
    EXPECT_EQ(doc["data"]["chosen"]["base_url"], "http://127.0.0.1:8000/v1");
}

TEST_F(Run, ProbeNowRejectsARefusedKeyAndNeverPrintsIt) {
    const std::string key = lifeline::testing::fake_anthropic_key();
    m_ctx.env.set("ANTHROPIC_API_KEY", key);
    m_ctx.env.set("MISTRAL_API_KEY", lifeline::testing::fake_openai_project_key());
    m_ctx.env.set("OPENAI_API_KEY", lifeline::testing::fake_openai_project_key());
    m_ctx.http.respond(
        "api.anthropic.com/v1/models", 401,
        R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})");
    m_ctx.http.respond("api.mistral.ai/v1/models", 200, R"({"object":"list","data":[]})");
    m_ctx.http.respond("api.openai.com/v1/models", 200, R"({"object":"list","data":[]})");
    m_options.probe = true;
    EXPECT_EQ(run_tool(), 0);
    const json doc = document();
    EXPECT_EQ(doc["data"]["health_source"], "probe");
    EXPECT_EQ(doc["data"]["chosen"]["model"], "gpt-5.5");
    EXPECT_EQ(m_ctx.http.requests().size(), 3u);
    EXPECT_EQ(doc["data"]["rejected"][0]["reason"], "last probe: auth (probe)");
    EXPECT_EQ(m_ctx.out.str().find(key), std::string::npos);
    EXPECT_EQ(m_ctx.err.str().find(key), std::string::npos);
}

}  // namespace
}  // namespace pick_provider
