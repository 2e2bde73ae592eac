// The pick-provider binary as a pipeline runs it: fixtures on disk, exit codes, stdout formats,
// GitHub files, emitted Codex profiles, and health from --probe or a state store that
// probe-endpoint filled, against provider-sim on 127.0.0.1.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pick_harness.hpp"

namespace pick_it {
namespace {

using ::testing::HasSubstr;

constexpr const char* k_fixture_yaml = R"yaml(version: 1
providers:
  openai:    {kind: openai, auth: {env: OPENAI_API_KEY}, jurisdiction: US}
  anthropic: {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}, jurisdiction: US}
  mistral:   {kind: openai-compatible, base_url: https://api.mistral.ai/v1,
              auth: {env: MISTRAL_API_KEY}, jurisdiction: EU}
models:
  gpt-5.5:           {provider: openai, context_window: 400000, capabilities: [tools, responses]}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000, capabilities: [tools]}
  mistral-large:     {provider: mistral, id: mistral-large-latest, context_window: 128000}
lanes:
  code:         [claude-sonnet-4-6, gpt-5.5, mistral-large]
  long-context: {chain: [gpt-5.5, claude-sonnet-4-6], min_context: 300000}
)yaml";

constexpr const char* k_probe_doc =
    R"json({"schema": "lifeline.status/v1", "tool": "probe-endpoint",
 "status": "degraded", "exit_code": 0, "data": {"results": [
  {"target": "anthropic", "provider": "anthropic", "model": null, "probe": "auth", "class": "auth",
   "http_status": 401, "latency_ms": {"total": 98.1}},
  {"target": "openai", "provider": "openai", "model": null, "probe": "auth", "class": "ok",
   "http_status": 200, "latency_ms": {"total": 211.9}}]}, "errors": []})json";

class PickBinary : public ::testing::Test {
  protected:
    PickBinary() {
        m_config = m_dir.write("lifeline.yaml", k_fixture_yaml);
        m_dir.write("probe.json", k_probe_doc);
    }
    Outcome pick(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
        args.insert(args.begin(), {"--config", m_config, "--no-state"});
        return run_binary(PICK_PROVIDER_BINARY, args, m_dir.path(), env);
    }

    TempDir m_dir;
    std::string m_config;
};

TEST_F(PickBinary, ProbeResultsFileRejectsTheRefusedKey) {
    const Outcome outcome = pick({"--lane", "code", "--probe-results", "probe.json"});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_EQ(outcome.doc["data"]["chosen"]["model"], "gpt-5.5");
    EXPECT_EQ(outcome.doc["data"]["chosen"]["env_key"], "OPENAI_API_KEY");
    EXPECT_EQ(outcome.doc["data"]["rejected"][0]["reason"], "last probe: auth (probe-results)");
}

TEST_F(PickBinary, LongContextLaneNeverListsASmallerWindow) {
    const Outcome outcome = pick({"--lane", "long-context"});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_EQ(outcome.doc["data"]["chain"].size(), 1u);
    EXPECT_EQ(outcome.doc["data"]["rejected"][0]["reason"], "context window 200000 < 300000");
}

TEST_F(PickBinary, NothingUsableExitsOne) {
    const Outcome outcome =
        pick({"--lane", "code", "--need", "responses", "--deny-jurisdiction", "US"});
    EXPECT_EQ(outcome.exit_code, 1);
    EXPECT_EQ(outcome.doc["status"], "failed");
    EXPECT_EQ(outcome.doc["errors"].size(), 3u);
}

TEST_F(PickBinary, BadConfigAndFlagsExitTwo) {
    m_dir.write("bad.yaml", "version: 1\nlanes:\n  code: [gpt-55]\n");
    const Outcome bad_config =
        run_binary(PICK_PROVIDER_BINARY, {"--config", "bad.yaml", "--no-state"}, m_dir.path(), {});
    EXPECT_EQ(bad_config.exit_code, 2);
    EXPECT_THAT(bad_config.err, HasSubstr("bad.yaml:3:"));

    EXPECT_EQ(pick({"--lane", "code", "--strategy", "fastest"}).exit_code, 2);
    EXPECT_EQ(pick({"--lane", "code", "--max-price", "cheap"}).exit_code, 2);
}

TEST_F(PickBinary, FormatEnvIsEvaluableByAShell) {
    const Outcome outcome = pick({"--lane", "code", "--format", "env"});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    m_dir.write("vars.sh", outcome.out);
    const Outcome shell = run_binary(
        "/bin/sh", {"-c", ". ./vars.sh; echo \"$LIFELINE_PROVIDER|$OPENAI_MODEL|$LIFELINE_CHAIN\""},
        m_dir.path(), {});
    EXPECT_EQ(shell.out, "anthropic|claude-sonnet-4-6|claude-sonnet-4-6,gpt-5.5,mistral-large\n");
}

TEST_F(PickBinary, GitHubStepOutputsAndEnv) {
    const std::string output = m_dir.write("gh_output", "");
    const std::string env = m_dir.write("gh_env", "");
    const Outcome outcome =
        pick({"--lane", "code"},
             {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", output}, {"GITHUB_ENV", env}});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_THAT(m_dir.read("gh_output"), HasSubstr("model=claude-sonnet-4-6\n"));
    EXPECT_THAT(m_dir.read("gh_env"), HasSubstr("LIFELINE_ENV_KEY=ANTHROPIC_API_KEY\n"));
}

TEST_F(PickBinary, EmitsACodexProfileFile) {
    const Outcome outcome = pick({"--lane", "code", "--emit", "codex-profile", "--codex-home",
                                  m_dir.path() + "/codex", "--profile-name", "ci"});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    const std::string profile = m_dir.read("codex/ci.config.toml");
    EXPECT_THAT(profile, HasSubstr("model_provider = \"lifeline-openai\""));
    EXPECT_THAT(profile, HasSubstr("wire_api = \"responses\""));
}

TEST_F(PickBinary, MalformedCodexConfigNamesTheLine) {
    m_dir.write("config.toml", "model = \"gpt-5.5\"\n[model_providers.gw\n");
    const Outcome outcome = pick({"--codex-config", "config.toml"});
    EXPECT_EQ(outcome.exit_code, 2);
    EXPECT_THAT(outcome.err, HasSubstr("config.toml:2:"));
}

// Three providers on two simulated endpoints: one blocks our region, one gets a key it does
// not know, one is healthy.
class PickAgainstSim : public ::testing::Test {
  protected:
    PickAgainstSim() {
        const std::string config =
            std::string("version: 1\nproviders:\n") +
            "  blocked:  {kind: openai-compatible, base_url: " + m_blocked.url() +
            "/v1, auth: {env: SIM_KEY}, jurisdiction: CN}\n" +
            "  wrongkey: {kind: openai-compatible, base_url: " + m_healthy.url() +
            "/v1, auth: {env: OTHER_KEY}, jurisdiction: US}\n" +
            "  healthy:  {kind: openai-compatible, base_url: " + m_healthy.url() +
            "/v1, auth: {env: SIM_KEY}, jurisdiction: EU}\n"
            "models:\n"
            "  m-blocked:  {provider: blocked, id: gpt-5.5, context_window: 128000}\n"
            "  m-wrongkey: {provider: wrongkey, id: gpt-5.5, context_window: 128000}\n"
            "  m-healthy:  {provider: healthy, id: gpt-5.5, context_window: 128000}\n"
            "lanes:\n  code: [m-blocked, m-wrongkey, m-healthy]\n";
        m_config = m_dir.write("lifeline.yaml", config);
    }
    std::map<std::string, std::string> env() const {
        return {{"SIM_KEY", k_sim_key}, {"OTHER_KEY", "sim-key-unknown-to-the-sim-0002"}};
    }

    Sim m_blocked{"version: 1\nname: blocked\nrules:\n  - fault: region_blocked\n"};
    Sim m_healthy{std::string("version: 1\nname: healthy\nkeys: [") + k_sim_key + "]\n"};
    TempDir m_dir;
    std::string m_config;
};

TEST_F(PickAgainstSim, ProbeNowRejectsRegionBlockAndUnknownKey) {
    ASSERT_TRUE(m_blocked.ready() && m_healthy.ready());
    const Outcome outcome = run_binary(
        PICK_PROVIDER_BINARY, {"--config", m_config, "--no-state", "--lane", "code", "--probe"},
        m_dir.path(), env());
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_EQ(outcome.doc["data"]["health_source"], "probe");
    EXPECT_EQ(outcome.doc["data"]["chosen"]["model"], "m-healthy");
    ASSERT_EQ(outcome.doc["data"]["rejected"].size(), 2u);
    EXPECT_EQ(outcome.doc["data"]["rejected"][0]["reason"], "last probe: region_blocked (probe)");
    EXPECT_EQ(outcome.doc["data"]["rejected"][1]["reason"], "last probe: auth (probe)");
    EXPECT_EQ(outcome.out.find(k_sim_key), std::string::npos);
}

TEST_F(PickAgainstSim, HealthRecordedByProbeEndpointIsReadFromTheSharedStore) {
    ASSERT_TRUE(m_blocked.ready() && m_healthy.ready());
    const std::string state = "sqlite://" + m_dir.path() + "/state.db";
    const Outcome probed =
        run_binary(PROBE_ENDPOINT_BINARY,
                   {"--config", m_config, "--state", state, "--lane", "code"}, m_dir.path(), env());
    ASSERT_NE(probed.exit_code, 2) << probed.err;
    ASSERT_NE(probed.exit_code, -1);
    const Outcome outcome =
        run_binary(PICK_PROVIDER_BINARY, {"--config", m_config, "--state", state, "--lane", "code"},
                   m_dir.path(), {});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    EXPECT_EQ(outcome.doc["data"]["health_source"], "state");
    EXPECT_EQ(outcome.doc["data"]["chosen"]["model"], "m-healthy");
    EXPECT_THAT(outcome.doc["data"]["rejected"][0]["reason"].get<std::string>(),
                HasSubstr("region_blocked"));
}

}  // namespace
}  // namespace pick_it
