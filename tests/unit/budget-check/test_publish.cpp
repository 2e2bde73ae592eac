// The publish step: what a decision becomes in the document, on stderr and in the outputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "publish.hpp"
#include "test_context.hpp"

namespace lifeline::budget {
namespace {

using nlohmann::json;

class Publish : public ::testing::Test {
  protected:
    int publish_with(const Decision& decision, const std::vector<SourceDiagnostics>& sources) {
        app::ToolRun run(t.context, k_tool_info.name, options.common);
        return publish(run, options, decision, sources);
    }

    lifeline::testing::TestContext t;
    Options options;
};

TEST_F(Publish, RefusedReservationIsABudgetErrorAndGrantedOneAnOutput) {
    options.common.dotenv_path = "/out/budget.env";
    Decision decision;
    decision.reservation = ReservationOutcome{{{"cost_usd:daily", 50, Duration{0}}, 30, {}}, {}};
    EXPECT_EQ(publish_with(decision, {}), 1);
    const json refused = json::parse(t.out.str());
    EXPECT_EQ(refused["status"], "failed");
    EXPECT_EQ(refused["errors"][0]["class"], "budget_exceeded");
    EXPECT_EQ(refused["data"]["reservation"]["granted"], false);
    EXPECT_EQ(t.fs.read_file("/out/budget.env").value().find("RESERVATION_ID"), std::string::npos);

    t.out.str("");
    decision.reservation->answer = {true, "res-1", 30, 20};
    EXPECT_EQ(publish_with(decision, {}), 0);
    EXPECT_EQ(json::parse(t.out.str())["status"], "ok");
    EXPECT_NE(
        t.fs.read_file("/out/budget.env").value().find("LIFELINE_BUDGET_RESERVATION_ID=res-1"),
        std::string::npos);
}

TEST_F(Publish, MalformedLinesAreNamedOnStderrWithTheFirstExample) {
    SourceDiagnostics source;
    source.kind = SourceKind::claude;
    source.path = "/logs";
    source.add_malformed("/logs/a.jsonl", 3, "truncated");
    EXPECT_EQ(publish_with(Decision{}, {source}), 0);
    EXPECT_NE(
        t.err.str().find("budget-check: 1 malformed line(s) in /logs, first: /logs/a.jsonl:3"),
        std::string::npos);
}

TEST(DotenvKey, PrefixedAndUpperCase) {
    EXPECT_EQ(dotenv_key("session_tokens_remaining"), "LIFELINE_BUDGET_SESSION_TOKENS_REMAINING");
}

}  // namespace
}  // namespace lifeline::budget
