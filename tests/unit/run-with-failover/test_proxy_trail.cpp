// Proxy mode's inner trail: failover-proxy's access log read back per step attempt.

#include <limits>

#include <gtest/gtest.h>

#include "proxy_trail.hpp"
#include "trail.hpp"

namespace run_with_failover {
namespace {

const char* k_log =
    R"({"time":"2026-12-05T10:00:01.000Z","outcome":"ok","attempts":[{"candidate":"oa/gpt","class":null,"input_tokens":100,"output_tokens":10}]})"
    "\n"
    R"({"time":"2026-12-05T10:00:02.000Z","outcome":"ok","attempts":[{"candidate":"oa/gpt","class":"rate_limited","input_tokens":0,"output_tokens":0},{"candidate":"an/claude","class":null,"input_tokens":120,"output_tokens":5}]})"
    "\n"
    "not json\n"
    R"({"time":"2026-12-05T10:00:03.000Z","outcome":"overloaded","attempts":[{"candidate":"an/claude","class":"overloaded"}]})"
    "\n"
    R"({"time":"2026-12-05T10:00:09.000Z","outcome":"auth","attempts":[]})"
    "\n";

lifeline::SystemTime at(const char* text) {
    return *lifeline::parse_rfc3339(text);
}

TEST(ProxyTrail, ReadsEveryWellFormedLine) {
    const auto requests = read_proxy_log(k_log);
    ASSERT_EQ(requests.size(), 4u);
    EXPECT_EQ(requests[1].attempts.size(), 2u);
    EXPECT_EQ(requests[1].attempts[0].failure, lifeline::FailureClass::rate_limited);
    EXPECT_FALSE(requests[1].attempts[1].failure.has_value());
}

TEST(ProxyTrail, FieldsOfAnotherTypeAreReadAsAbsentNotThrown) {
    const char* odd =
        R"({"time":"2026-12-05T10:00:01.000Z","outcome":7,"attempts":[3,{"candidate":["x"],"class":1,"input_tokens":"9"}]})"
        "\n"
        R"({"time":"2026-12-05T10:00:02.000Z","outcome":"ok","attempts":"none"})"
        "\n";
    std::vector<ProxyRequest> requests;
    ASSERT_NO_THROW(requests = read_proxy_log(odd));
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].outcome, "");
    ASSERT_EQ(requests[0].attempts.size(), 2u);
    EXPECT_EQ(requests[0].attempts[1].candidate, "");
    EXPECT_FALSE(requests[0].attempts[1].failure.has_value());
    EXPECT_EQ(requests[0].attempts[1].input_tokens, 0);
    EXPECT_TRUE(requests[1].attempts.empty());
}

// Found by the proxy_trail fuzz target: two attempts of one candidate with absurd token counts
// overflowed the per-candidate sum (undefined behaviour); the sum now saturates.
TEST(ProxyTrail, TokenSumsBeyondInt64Saturate) {
    const char* absurd =
        R"({"time":"2026-12-05T10:00:01.000Z","outcome":"ok","attempts":[{"candidate":"oa/gpt","input_tokens":9223372036854775807,"output_tokens":-9223372036854775808},{"candidate":"oa/gpt","input_tokens":1e300,"output_tokens":-1e300}]})"
        "\n";
    const auto summary = summarize_proxy_requests(
        read_proxy_log(absurd), at("2026-12-05T10:00:00Z"), at("2026-12-05T10:00:05Z"));
    EXPECT_EQ(summary["tokens"]["oa/gpt"]["input"], std::numeric_limits<int64_t>::max());
    EXPECT_EQ(summary["tokens"]["oa/gpt"]["output"], std::numeric_limits<int64_t>::min());
}

TEST(ProxyTrail, SummarisesTheRequestsOfOneAttemptWindow) {
    const auto requests = read_proxy_log(k_log);
    const auto summary =
        summarize_proxy_requests(requests, at("2026-12-05T10:00:00Z"), at("2026-12-05T10:00:05Z"));
    EXPECT_EQ(summary["requests"], 3);
    EXPECT_EQ(summary["failed_over"], 1);
    EXPECT_EQ(summary["tokens"]["oa/gpt"]["input"], 100);
    EXPECT_EQ(summary["tokens"]["an/claude"]["input"], 120);
    bool saw_rate_limited = false;
    for (const auto& row : summary["attempts"]) {
        if (row["candidate"] == "oa/gpt" && row["class"] == "rate_limited")
            saw_rate_limited = row["count"] == 1;
    }
    EXPECT_TRUE(saw_rate_limited) << summary.dump();
    EXPECT_TRUE(
        summarize_proxy_requests(requests, at("2026-12-05T11:00:00Z"), at("2026-12-05T12:00:00Z"))
            .is_null());
}

TEST(ProxyTrail, TheLastFailedRequestGivesTheAttemptsClass) {
    const auto requests = read_proxy_log(k_log);
    EXPECT_EQ(proxy_failure_class(requests, at("2026-12-05T10:00:00Z"), at("2026-12-05T10:00:05Z")),
              lifeline::FailureClass::overloaded);
    EXPECT_EQ(proxy_failure_class(requests, at("2026-12-05T10:00:00Z"), at("2026-12-05T10:00:10Z")),
              lifeline::FailureClass::auth);
    EXPECT_EQ(
        proxy_failure_class(requests, at("2026-12-05T10:00:00Z"), at("2026-12-05T10:00:02.5Z")),
        std::nullopt);
}

TEST(ProxyTrail, TheStepSummaryShowsBothLevels) {
    TrailSummary summary;
    summary.lane = "code";
    summary.via = "proxy";
    AttemptEntry entry;
    entry.provider = "lifeline-proxy";
    entry.model = "code";
    entry.next = "stop";
    const auto requests = read_proxy_log(k_log);
    entry.proxy =
        summarize_proxy_requests(requests, at("2026-12-05T10:00:00Z"), at("2026-12-05T10:00:05Z"));
    summary.attempts.push_back(entry);
    const std::string markdown = trail_markdown(summary);
    EXPECT_NE(markdown.find("lane `code` (through failover-proxy)"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| 1 | `lifeline-proxy/code` | ok |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("failover-proxy served 3 request(s), 1 failed over"),
              std::string::npos);
    EXPECT_NE(markdown.find("| `oa/gpt` | rate_limited | 1 | 100 / 10 |"), std::string::npos)
        << markdown;
}

}  // namespace
}  // namespace run_with_failover
