// Cross-vendor review with the real binaries against provider-sim on 127.0.0.1: a step written
// by run-with-failover on an openai-kind candidate, then pick-provider and run-with-failover
// choosing its reviewer from another vendor, the author read from the shared state store
// (SQLite, and a private redis-server).

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/local_redis.hpp"
#include "support/sim_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_run.hpp"

namespace review_it {
namespace {

using lifeline::testing::ToolOutcome;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* k_sim_key = "sim-key-review-0001";
constexpr const char* k_body = R"({"model":"any","messages":[{"role":"user","content":"Review"}]})";

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class CrossVendorReview : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_sim.ready());
        if (GetParam() == "redis") {
            m_redis = std::make_unique<lifeline::testing::LocalRedis>();
            ASSERT_TRUE(m_redis->installed()) << "redis-server is not installed";
            ASSERT_TRUE(m_redis->ready()) << m_redis->error();
            m_state = m_redis->url();
        } else {
            m_state = "sqlite://" + m_dir.path() + "/state.db";
        }
        m_config = m_dir.write(
            "lifeline.yaml",
            "version: 1\nproviders:\n"
            "  openai:    {kind: openai, base_url: \"" +
                m_sim.url_of("oa") +
                "/v1\", auth: {env: SIM_KEY}}\n"
                "  anthropic: {kind: anthropic, base_url: \"" +
                m_sim.url_of("an") +
                "\", auth: {env: SIM_KEY}}\n"
                "  gemini:    {kind: gemini, base_url: \"" +
                m_sim.url_of("ge") +
                "/v1beta\", auth: {env: SIM_KEY}}\n"
                "  deepseek:  {kind: openai-compatible, base_url: \"" +
                m_sim.url_of("ds") +
                "/v1\", auth: {env: SIM_KEY}}\n"
                "models:\n"
                "  gpt-5.5:           {provider: openai}\n"
                "  claude-sonnet-4-6: {provider: anthropic}\n"
                "  gemini-3-1-pro:    {provider: gemini}\n"
                "  deepseek-v4:       {provider: deepseek, id: deepseek-chat}\n"
                "lanes:\n"
                "  code:        [gpt-5.5]\n"
                "  review:      {chain: [gpt-5.5, claude-sonnet-4-6, gemini-3-1-pro],\n"
                "                different_vendor_from: author}\n"
                "  review-chat: {chain: [gpt-5.5, deepseek-v4], different_vendor_from: author}\n"
                "  only-openai: [gpt-5.5]\n");
        m_dir.write("body.json", k_body);
    }

    std::map<std::string, std::string> env() const { return {{"SIM_KEY", k_sim_key}}; }

    ToolOutcome pick(std::vector<std::string> args) {
        args.insert(args.begin(), {"--config", m_config, "--state", m_state});
        return lifeline::testing::run_tool(PICK_PROVIDER_BINARY, args, m_dir.path(), env(),
                                           std::chrono::seconds(60));
    }

    // A request-mode step; its status document is returned in `doc`.
    ToolOutcome step(std::vector<std::string> args, std::map<std::string, std::string> extra = {}) {
        const std::string status = m_dir.path() + "/status.json";
        args.insert(args.begin(),
                    {"--config", m_config, "--state", m_state, "--status-file", status, "--via",
                     "direct", "--request", "body.json", "--api", "chat"});
        auto environment = env();
        environment.insert(extra.begin(), extra.end());
        ToolOutcome outcome = lifeline::testing::run_tool(RWF_BINARY, args, m_dir.path(),
                                                          environment, std::chrono::seconds(60));
        outcome.doc = json::parse(read_text(status), nullptr, false);
        return outcome;
    }

    // The author: one step of lane code on gpt-5.5 (openai kind); its run id.
    std::string author_step() {
        const ToolOutcome author = step({"--lane", "code"});
        EXPECT_EQ(author.exit_code, 0) << author.err;
        EXPECT_EQ(author.doc["data"]["vendors"], json::array({"openai"}));
        return author.doc["data"]["run_id"].get<std::string>();
    }

    lifeline::testing::YamlSim m_sim{
        "version: 1\nproviders:\n  oa: {}\n  an: {}\n  ge: {}\n  ds: {}\n",
        {},
        lifeline::testing::YamlSim::Mode::fleet};
    std::unique_ptr<lifeline::testing::LocalRedis> m_redis;
    lifeline::testing::TempDir m_dir{"review-it"};
    std::string m_state;
    std::string m_config;
};

TEST_P(CrossVendorReview, TheStepExportsItsRunIdAndVendors) {
    const std::string output = m_dir.path() + "/github_output";
    const ToolOutcome author = step({"--lane", "code", "--dotenv", "author.env"},
                                    {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", output}});
    ASSERT_EQ(author.exit_code, 0) << author.err;
    const std::string run_id = author.doc["data"]["run_id"].get<std::string>();
    ASSERT_FALSE(run_id.empty());
    EXPECT_THAT(read_text(output), HasSubstr("vendors=openai\n"));
    EXPECT_THAT(read_text(output), HasSubstr("run-id=" + run_id + "\n"));
    const std::string dotenv = read_text(m_dir.path() + "/author.env");
    EXPECT_THAT(dotenv, HasSubstr("LIFELINE_AUTHOR_VENDORS=openai"));
    EXPECT_THAT(dotenv, HasSubstr("LIFELINE_AUTHOR_RUN=" + run_id));
}

TEST_P(CrossVendorReview, PickProviderReviewsAnOpenAiStepWithAnthropic) {
    const std::string run_id = author_step();
    const ToolOutcome outcome = pick({"--lane", "review", "--review-of", run_id});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err << outcome.out;
    const json& data = outcome.doc["data"];
    EXPECT_EQ(data["chosen"]["model"], "claude-sonnet-4-6");
    EXPECT_EQ(data["chosen"]["vendor"], "anthropic");
    EXPECT_EQ(data["chain"].size(), 2u);  // gemini stays the (cross-vendor) fallback
    EXPECT_EQ(data["rejected"][0]["model"], "gpt-5.5");
    EXPECT_THAT(data["rejected"][0]["reason"].get<std::string>(),
                HasSubstr("same vendor as the author of run " + run_id + " (openai)"));
    EXPECT_EQ(data["review"]["avoided_vendors"], json::array({"openai"}));
    EXPECT_EQ(data["review"]["reason"],
              "anthropic differs from the author's vendor openai (run " + run_id + ")");
}

TEST_P(CrossVendorReview, EveryCandidateOfTheAuthorsVendorExitsOneUnlessAllowed) {
    const std::string run_id = author_step();
    const ToolOutcome refused = pick({"--lane", "only-openai", "--review-of", run_id});
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_THAT(refused.doc["summary"].get<std::string>(),
                HasSubstr("every usable candidate shares the author's vendor (openai)"));
    EXPECT_EQ(refused.doc["data"]["review"]["all_same_vendor"], true);

    const ToolOutcome allowed =
        pick({"--lane", "only-openai", "--review-of", run_id, "--review-fallback", "same-vendor"});
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    EXPECT_EQ(allowed.doc["status"], "degraded");
    EXPECT_EQ(allowed.doc["data"]["chosen"]["model"], "gpt-5.5");
    EXPECT_THAT(allowed.err, HasSubstr("reviewing with the same vendor anyway"));
}

TEST_P(CrossVendorReview, AReviewLaneWithoutAnAuthorOrWithAnUnknownRunExitsTwo) {
    const ToolOutcome no_author = pick({"--lane", "review"});
    EXPECT_EQ(no_author.exit_code, 2);
    EXPECT_THAT(no_author.err, HasSubstr("different_vendor_from: author"));
    const ToolOutcome unknown = pick({"--lane", "review", "--review-of", "no-such-run"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_THAT(unknown.err, HasSubstr("no successful attempt"));
    // On another runner: the author step's `vendors` output.
    const ToolOutcome named = pick({"--lane", "review", "--avoid-vendor", "openai,anthropic"});
    EXPECT_EQ(named.exit_code, 0) << named.err;
    EXPECT_EQ(named.doc["data"]["chosen"]["vendor"], "google");
}

TEST_P(CrossVendorReview, RunWithFailoverRunsTheReviewOnAnotherVendor) {
    const std::string run_id = author_step();
    const ToolOutcome review = step({"--lane", "review-chat", "--review-of", run_id});
    ASSERT_EQ(review.exit_code, 0) << review.err;
    EXPECT_EQ(review.doc["data"]["attempts"].size(), 1u);
    EXPECT_EQ(review.doc["data"]["attempts"][0]["model"], "deepseek-v4");
    EXPECT_EQ(review.doc["data"]["vendors"], json::array({"deepseek"}));
    EXPECT_THAT(review.err, HasSubstr("skipped openai/gpt-5.5: same vendor as the author"));

    const ToolOutcome refused = step({"--lane", "only-openai", "--review-of", run_id});
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_THAT(refused.doc["summary"].get<std::string>(), HasSubstr("no cross-vendor reviewer"));
}

INSTANTIATE_TEST_SUITE_P(Stores, CrossVendorReview, ::testing::Values("sqlite", "redis"),
                         [](const auto& instance) { return instance.param; });

}  // namespace
}  // namespace review_it
