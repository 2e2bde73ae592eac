#include <gtest/gtest.h>

#include "claude_line.hpp"
#include "fixture_path.hpp"

namespace lifeline::budget {
namespace {

using fixtures::PaddedLine;

ClaudeLine parse(const std::string& text) {
    static simdjson::dom::parser parser;
    static PaddedLine padded("");
    padded = PaddedLine(text);
    return parse_claude_line(parser, padded.view());
}

const std::string k_assistant =
    R"({"parentUuid":"a","cwd":"/w","sessionId":"s-1","version":"1.0.98","message":{"id":"msg_01X","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"hi"},{"type":"tool_use","id":"t","name":"Bash","input":{}}],"usage":{"input_tokens":6,"cache_creation_input_tokens":310,"cache_read_input_tokens":12000,"output_tokens":240,"service_tier":"standard"}},"requestId":"req_01X","type":"assistant","timestamp":"2025-09-01T09:00:09.000Z"})";

TEST(ClaudeLine, ReadsAnAssistantUsageLine) {
    const ClaudeLine line = parse(k_assistant);
    ASSERT_EQ(line.kind, ClaudeLineKind::usage);
    EXPECT_EQ(line.entry.tokens, (TokenCounts{6, 240, 310, 12000}));
    EXPECT_EQ(line.entry.model, "claude-sonnet-4-20250514");
    EXPECT_EQ(line.entry.message_id, "msg_01X");
    EXPECT_EQ(line.entry.request_id, "req_01X");
    EXPECT_EQ(line.entry.time_ms, 1756717209000);
}

TEST(ClaudeLine, UserTurnsAndSummariesAreValidButCarryNoUsage) {
    EXPECT_EQ(
        parse(
            R"({"type":"user","message":{"role":"user","content":"hi"},"timestamp":"2025-09-01T09:00:00.000Z"})")
            .kind,
        ClaudeLineKind::other);
    EXPECT_EQ(parse(R"({"type":"summary","summary":"x","leafUuid":"y"})").kind,
              ClaudeLineKind::other);
}

TEST(ClaudeLine, FollowsCcusageSchemaForOptionalFields) {
    // A null cache count fails ccusage's schema: the line is not counted.
    EXPECT_EQ(
        parse(
            R"({"message":{"usage":{"input_tokens":1,"output_tokens":1,"cache_read_input_tokens":null}},"timestamp":"2025-09-01T09:00:00Z"})")
            .kind,
        ClaudeLineKind::other);
    // An offset instead of Z fails the timestamp regex.
    EXPECT_EQ(
        parse(
            R"({"message":{"usage":{"input_tokens":1,"output_tokens":1}},"timestamp":"2025-09-01T09:00:00+00:00"})")
            .kind,
        ClaudeLineKind::other);
    // Empty ids and a malformed version fail; a bare minimum line passes.
    EXPECT_EQ(
        parse(
            R"({"message":{"id":"","usage":{"input_tokens":1,"output_tokens":1}},"timestamp":"2025-09-01T09:00:00Z"})")
            .kind,
        ClaudeLineKind::other);
    EXPECT_EQ(
        parse(
            R"({"version":"v1","message":{"usage":{"input_tokens":1,"output_tokens":1}},"timestamp":"2025-09-01T09:00:00Z"})")
            .kind,
        ClaudeLineKind::other);
    EXPECT_EQ(
        parse(
            R"({"message":{"content":[{"text":5}],"usage":{"input_tokens":1,"output_tokens":1}},"timestamp":"2025-09-01T09:00:00Z"})")
            .kind,
        ClaudeLineKind::other);
    const ClaudeLine minimal = parse(
        R"({"message":{"usage":{"input_tokens":1,"output_tokens":2}},"timestamp":"2025-09-01T09:00:00Z","costUSD":0.5})");
    ASSERT_EQ(minimal.kind, ClaudeLineKind::usage);
    EXPECT_EQ(minimal.entry.tokens, (TokenCounts{1, 2, 0, 0}));
    EXPECT_EQ(minimal.entry.cost_usd, 0.5);
    EXPECT_TRUE(minimal.entry.message_id.empty());
}

TEST(ClaudeLine, TruncatedJsonIsMalformedWithAReason) {
    const ClaudeLine line = parse(k_assistant.substr(0, 120));
    EXPECT_EQ(line.kind, ClaudeLineKind::malformed);
    ASSERT_NE(line.error, nullptr);
}

TEST(ClaudeLine, TimestampFormats) {
    EXPECT_EQ(parse_claude_timestamp("1970-01-01T00:00:01Z"), 1000);
    EXPECT_EQ(parse_claude_timestamp("2025-09-01T09:00:09.123Z"), 1756717209123);
    EXPECT_FALSE(parse_claude_timestamp("2025-09-01T09:00:09.12Z"));
    EXPECT_FALSE(parse_claude_timestamp("2025-09-01 09:00:09Z"));
    EXPECT_EQ(parse_any_timestamp("2025-09-01T11:00:09+02:00"), 1756717209000);
}

}  // namespace
}  // namespace lifeline::budget
