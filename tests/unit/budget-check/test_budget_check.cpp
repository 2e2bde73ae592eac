#include <CLI/CLI.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lifeline/storage/backends.hpp>

#include "budget_check.hpp"
#include "reservation.hpp"
#include "test_context.hpp"

namespace lifeline::budget {
namespace {

using nlohmann::json;

const std::string k_session_a =
    R"({"sessionId":"a","message":{"id":"msg_1","model":"claude-sonnet-4-20250514","usage":{"input_tokens":1000,"output_tokens":2000,"cache_creation_input_tokens":3000,"cache_read_input_tokens":4000}},"requestId":"req_1","timestamp":"2025-09-01T10:00:00.000Z"})"
    "\n"
    R"({"sessionId":"a","message":{"id":"msg_1","model":"claude-sonnet-4-20250514","usage":{"input_tokens":1000,"output_tokens":2000,"cache_creation_input_tokens":3000,"cache_read_input_tokens":4000}},"requestId":"req_1","timestamp":"2025-09-01T10:00:01.000Z"})"
    "\n"
    "{\"sessionId\":\"a\",\"message\":{\"id\":\n";

class BudgetCheckRun : public ::testing::Test {
  protected:
    BudgetCheckRun() : store(state::make_memory_store(t.clock)) {
        t.clock.set_wall(from_unix_ms(1756720800000));  // 2025-09-01T10:00:00Z
        t.fs.put("/logs/projects/demo/a.jsonl", k_session_a);
    }

    // Parses `args` like the real main and runs the tool; returns the exit code.
    int invoke(std::vector<std::string> args) {
        Options options;
        options.opener = std::make_shared<FileSystemOpener>(t.fs);
        options.store = store.get();
        CLI::App app;
        setup_cli(app, options);
        std::vector<std::string> argv = {"budget-check"};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> raw;
        for (auto& arg : argv)
            raw.push_back(arg.data());
        app.parse(static_cast<int>(raw.size()), raw.data());
        t.out.str("");
        t.err.str("");
        return run(options, t.context);
    }

    json document() { return json::parse(t.out.str()); }

    lifeline::testing::TestContext t;
    std::unique_ptr<state::StateStore> store;
};

TEST_F(BudgetCheckRun, WithinLimitsReportsTotalsAndExitsZero) {
    EXPECT_EQ(invoke({"--from-claude-projects", "/logs", "--session-tokens", "100000"}), 0);
    const json doc = document();
    EXPECT_EQ(doc["status"], "ok");
    const json& totals = doc["data"]["totals"];
    EXPECT_EQ(totals["input_tokens"], 1000);
    EXPECT_EQ(totals["output_tokens"], 2000);
    EXPECT_EQ(totals["cache_creation_tokens"], 3000);
    EXPECT_EQ(totals["cache_read_tokens"], 4000);
    EXPECT_EQ(totals["total_tokens"], 10000);
    // 1000*3 + 2000*15 + 3000*3.75 + 4000*0.30 per 1M.
    EXPECT_NEAR(totals["cost_usd"].get<double>(), 0.04545, 1e-9);
    const json& source = doc["data"]["sources"][0];
    EXPECT_EQ(source["duplicates"], 1);
    EXPECT_EQ(source["malformed_lines"], 1);
    EXPECT_EQ(source["malformed_examples"][0].get<std::string>().rfind(
                  "/logs/projects/demo/a.jsonl:3: ", 0),
              0u);
    EXPECT_EQ(doc["data"]["limits"][0]["remaining"], 90000);
    EXPECT_NE(t.err.str().find("1 malformed line(s)"), std::string::npos);
}

TEST_F(BudgetCheckRun, CrossingAHardLimitExitsOneNamingIt) {
    EXPECT_EQ(invoke({"--from-claude-projects", "/logs", "--session-tokens", "5000"}), 1);
    const json doc = document();
    EXPECT_EQ(doc["status"], "failed");
    EXPECT_NE(doc["summary"].get<std::string>().find("session_tokens: 10000 of 5000 tokens (a)"),
              std::string::npos);
    EXPECT_EQ(doc["errors"][0]["class"], "budget_exceeded");
}

TEST_F(BudgetCheckRun, SoftThresholdWarnsButPasses) {
    EXPECT_EQ(invoke({"--from-claude-projects", "/logs", "--cost-daily", "0.05"}), 0);
    EXPECT_EQ(document()["status"], "degraded");
    EXPECT_EQ(document()["data"]["limits"][0]["state"], "warning");
}

TEST_F(BudgetCheckRun, BadInputExitsTwo) {
    EXPECT_EQ(invoke({"--from-claude-projects", "/missing"}), 2);
    EXPECT_EQ(invoke({"--from-claude-projects", "/logs", "--since", "yesterday-ish"}), 2);
    EXPECT_EQ(invoke({"--reserve", "5", "--limit", "cost_dayly"}), 2);
    EXPECT_NE(t.err.str().find("did you mean \"cost_daily\""), std::string::npos);
}

TEST_F(BudgetCheckRun, WritesDotenvPrometheusAndStepSummary) {
    t.env.set("GITHUB_ACTIONS", "true");
    t.env.set("GITHUB_STEP_SUMMARY", "/gh/summary.md");
    t.env.set("GITHUB_OUTPUT", "/gh/output");
    EXPECT_EQ(invoke({"--from-claude-projects", "/logs", "--session-tokens", "100000", "--dotenv",
                      "/out/budget.env", "--prometheus", "/out/lifeline.prom"}),
              0);
    const std::string dotenv = t.fs.read_file("/out/budget.env").value();
    EXPECT_NE(dotenv.find("LIFELINE_BUDGET_SESSION_TOKENS_REMAINING=90000\n"), std::string::npos);
    EXPECT_NE(dotenv.find("LIFELINE_BUDGET_STATUS=ok\n"), std::string::npos);
    const std::string prom = t.fs.read_file("/out/lifeline.prom").value();
    EXPECT_NE(prom.find("lifeline_budget_tokens{kind=\"cache_read\"} 4000"), std::string::npos);
    EXPECT_NE(prom.find("lifeline_budget_limit_remaining{limit=\"session_tokens\"} 90000"),
              std::string::npos);
    const std::string summary = t.fs.read_file("/gh/summary.md").value();
    EXPECT_NE(summary.find("| session_tokens | 10,000 | 100,000 | 90,000 |"), std::string::npos);
    EXPECT_NE(t.fs.read_file("/gh/output").value().find("total_tokens=10000"), std::string::npos);
}

TEST_F(BudgetCheckRun, TextFormatIsForPeople) {
    EXPECT_EQ(invoke({"--from-claude-projects", "/logs", "--max-turns", "10", "--format", "text"}),
              0);
    const std::string text = t.out.str();
    EXPECT_NE(text.find("Limits:"), std::string::npos);
    EXPECT_NE(text.find("claude-sonnet-4-20250514"), std::string::npos);
}

TEST_F(BudgetCheckRun, ReadsTheLedgerWhenNoLogsAreGiven) {
    state::LedgerEntry failed;
    failed.time = t.clock.now();
    failed.run_id = "run-1";
    failed.session = "ci-42";
    failed.provider = "openai";
    failed.model = "gpt-5";
    failed.failure = FailureClass::rate_limited;
    failed.input_tokens = 5000;
    failed.cost_usd = 0.01;
    state::LedgerEntry fallback = failed;
    fallback.attempt = 2;
    fallback.failure.reset();
    fallback.is_fallback = true;
    fallback.provider = "anthropic";
    fallback.model = "claude-sonnet-4-5";
    fallback.input_tokens = 6000;
    fallback.output_tokens = 1000;
    fallback.cost_usd = std::nullopt;  // priced from the table
    ASSERT_TRUE(store->append_ledger(failed));
    ASSERT_TRUE(store->append_ledger(fallback));
    EXPECT_EQ(invoke({"--max-retries-per-request", "1"}), 0);
    const json data = document()["data"];
    EXPECT_EQ(data["totals"]["total_tokens"], 12000);
    EXPECT_NEAR(data["totals"]["cost_usd"].get<double>(), 0.01 + 0.018 + 0.015, 1e-9);
    EXPECT_EQ(data["attribution"]["failed_attempts"]["total_tokens"], 5000);
    EXPECT_EQ(data["attribution"]["on_fallback"]["total_tokens"], 7000);
    EXPECT_EQ(data["attribution"]["fallback_rate"], 1.0);
    EXPECT_EQ(data["by_provider"]["anthropic"]["total_tokens"], 7000);
}

TEST_F(BudgetCheckRun, ReserveSettleAndReleaseThroughTheStore) {
    const std::vector<std::string> reserve = {
        "--reserve", "30", "--limit", "cost-daily", "--cost-daily", "50", "--from-claude-projects",
        "/logs"};
    ASSERT_EQ(invoke(reserve), 0);
    const std::string first = document()["data"]["reservation"]["id"];
    EXPECT_EQ(document()["data"]["reservation"]["remaining"], 20.0);
    // A second hold of 30 does not fit in 50: refused, exit 1.
    EXPECT_EQ(invoke(reserve), 1);
    EXPECT_EQ(document()["data"]["reservation"]["granted"], false);
    EXPECT_NE(document()["summary"].get<std::string>().find("reservation refused"),
              std::string::npos);
    // The step spent 10: settle, and 30 fits again.
    EXPECT_EQ(invoke({"--settle", first, "--actual", "10"}), 0);
    EXPECT_EQ(document()["data"]["reservation"]["action"], "settled");
    ASSERT_EQ(invoke(reserve), 0);
    const std::string second = document()["data"]["reservation"]["id"];
    EXPECT_EQ(document()["data"]["reservation"]["remaining"], 10.0);
    EXPECT_EQ(invoke({"--release", second}), 0);
    EXPECT_EQ(invoke({"--settle", first}), 2);  // --actual missing
}

TEST(StoreLimit, SessionLimitsNeedASession) {
    LimitSettings limits;
    limits.session_tokens = 1000;
    EXPECT_FALSE(store_limit("session_tokens", limits, std::nullopt));
    const auto limit = store_limit("session-tokens", limits, std::string("ci-42"));
    ASSERT_TRUE(limit);
    EXPECT_EQ(limit->name, "tokens:session:ci-42");
    EXPECT_FALSE(store_limit("cost_monthly", limits, std::nullopt));  // not configured
}

}  // namespace
}  // namespace lifeline::budget
