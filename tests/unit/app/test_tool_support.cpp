#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lifeline/app/tool_support.hpp>

#include "test_context.hpp"

namespace lifeline::app {
namespace {

using nlohmann::json;

struct ToolRunTest : ::testing::Test {
    lifeline::testing::TestContext t;
    CommonOptions options;
};

TEST_F(ToolRunTest, FinishPrintsTheStatusDocumentAsJson) {
    ToolRun run(t.context, "probe-endpoint", options);
    run.document().data["healthy"] = json::array({"openai"});
    t.clock.advance(Duration{812});
    EXPECT_EQ(run.finish(output::RunStatus::degraded, 0, "1 of 2 providers healthy"), 0);
    const json document = json::parse(t.out.str());
    EXPECT_EQ(document["schema"], "lifeline.status/v1");
    EXPECT_EQ(document["tool"], "probe-endpoint");
    EXPECT_EQ(document["status"], "degraded");
    EXPECT_EQ(document["duration_ms"], 812);
    EXPECT_EQ(document["started_at"], "2026-11-21T10:00:00Z");
    EXPECT_EQ(document["data"]["healthy"][0], "openai");
}

TEST_F(ToolRunTest, SecretsAreRedactedEverywhereAndMaskedUnderGitHub) {
    t.env.set("GITHUB_ACTIONS", "true");
    t.env.set("GITHUB_OUTPUT", "/gh/output");
    t.env.set("GITHUB_STEP_SUMMARY", "/gh/summary");
    ToolRun run(t.context, "pick-provider", options);
    const secret::Secret key(std::string("sk-proj-live0123456789abcdefXYZ"));
    run.track_secret(key);
    run.set_output("note", "key=sk-proj-live0123456789abcdefXYZ");
    run.add_summary("| sk-proj-live0123456789abcdefXYZ |\n");
    run.add_error(FailureClass::auth, "rejected sk-proj-live0123456789abcdefXYZ");
    run.finish(output::RunStatus::failed, 77, "auth failed");

    EXPECT_NE(t.err.str().find("::add-mask::sk-proj-live0123456789abcdefXYZ"), std::string::npos);
    for (const std::string& text :
         {t.out.str(), *t.fs.read_file("/gh/output"), *t.fs.read_file("/gh/summary")}) {
        EXPECT_EQ(text.find("sk-proj-live0123456789abcdefXYZ"), std::string::npos) << text;
    }
    EXPECT_NE(t.fs.read_file("/gh/output")->find("note=key=***"), std::string::npos);
}

TEST_F(ToolRunTest, GitHubSideOutputsAreSkippedOutsideGitHubActions) {
    t.env.set("GITHUB_OUTPUT", "/gh/output");
    ToolRun run(t.context, "probe-endpoint", options);
    run.set_output("healthy", "openai");
    run.annotate(output::AnnotationLevel::warning, "t", "m");
    run.finish(output::RunStatus::ok, 0, "ok");
    EXPECT_FALSE(t.fs.exists("/gh/output"));
    EXPECT_EQ(t.err.str(), "");
}

TEST_F(ToolRunTest, DotenvIsWrittenOnlyWhenAsked) {
    options.dotenv_path = "out/probe.env";
    ToolRun run(t.context, "probe-endpoint", options);
    run.add_dotenv("LIFELINE_HEALTHY", "openai,anthropic");
    EXPECT_EQ(run.finish(output::RunStatus::ok, 0, "ok"), 0);
    EXPECT_EQ(*t.fs.read_file("out/probe.env"), "LIFELINE_HEALTHY=openai,anthropic\n");
}

TEST_F(ToolRunTest, AnUnwritableSideOutputTurnsSuccessIntoFailure) {
    options.dotenv_path = "bad.env";
    ToolRun run(t.context, "pick-provider", options);
    run.add_dotenv("BAD", "line one\nline two");
    EXPECT_EQ(run.finish(output::RunStatus::ok, 0, "ok"), 1);
    EXPECT_NE(t.err.str().find("pick-provider: error:"), std::string::npos);
    EXPECT_EQ(json::parse(t.out.str())["status"], "error");
}

TEST_F(ToolRunTest, FailWithAConfigErrorExitsTwoWithOneLine) {
    options.format = OutputFormat::text;
    ToolRun run(t.context, "probe-endpoint", options);
    const Error error = make_error_at(ErrorCode::config, {"lifeline.yaml", 12, 5}, "lanes.code[1]",
                                      "unknown model \"gpt-55\" (known: gpt-5.5)");
    EXPECT_EQ(run.fail(error), 2);
    EXPECT_EQ(t.err.str(),
              "probe-endpoint: error: lifeline.yaml:12:5: lanes.code[1]: unknown model \"gpt-55\" "
              "(known: gpt-5.5)\n");
    const json document = json::parse(t.out.str());
    EXPECT_EQ(document["status"], "error");
    EXPECT_EQ(document["exit_code"], 2);
    EXPECT_EQ(document["errors"][0]["class"], "config");
}

TEST(StateUrl, FlagThenEnvironmentThenConfig) {
    lifeline::testing::TestContext t;
    config::Config config;
    CommonOptions options;
    EXPECT_EQ(state_url(t.context, options, config), "sqlite://.lifeline/state.db");
    t.env.set("LIFELINE_STATE", "redis://127.0.0.1:6379/0");
    EXPECT_EQ(state_url(t.context, options, config), "redis://127.0.0.1:6379/0");
    options.state_url = "memory:";
    EXPECT_EQ(state_url(t.context, options, config), "memory:");
}

TEST(LoadConfig, FallsBackToTheEmbeddedDefault) {
    lifeline::testing::TestContext t;
    const auto config = load_config(t.context, {});
    ASSERT_TRUE(config) << config.error().to_string();
    EXPECT_NE(config->find_provider("openai"), nullptr);
}

}  // namespace
}  // namespace lifeline::app
