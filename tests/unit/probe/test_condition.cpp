// libcommon/src/probe/condition.cpp: the --require / require: expression language.
#include <map>

#include <gtest/gtest.h>

#include <lifeline/probe/condition.hpp>

namespace lifeline::probe {
namespace {

using Fields = std::map<std::string, FieldValue>;

std::optional<bool> eval(const std::string& text, const Fields& fields) {
    auto condition = Condition::parse(text);
    EXPECT_TRUE(condition.ok()) << (condition.ok() ? "" : condition.error().message);
    if (!condition)
        return std::nullopt;
    return condition->evaluate([&](const std::string& name) -> std::optional<FieldValue> {
        auto found = fields.find(name);
        if (found == fields.end())
            return std::nullopt;
        return found->second;
    });
}

std::string parse_error(const std::string& text) {
    auto condition = Condition::parse(text);
    EXPECT_FALSE(condition.ok()) << text << " parsed";
    return condition.ok() ? "" : condition.error().message;
}

TEST(Condition, ComparesNumbersWithEveryOperator) {
    const Fields fields{{"latency_ms", 2500.0}};
    EXPECT_EQ(eval("latency_ms < 3000", fields), true);
    EXPECT_EQ(eval("latency_ms < 2500", fields), false);
    EXPECT_EQ(eval("latency_ms <= 2500", fields), true);
    EXPECT_EQ(eval("latency_ms > 2500", fields), false);
    EXPECT_EQ(eval("latency_ms >= 2500", fields), true);
    EXPECT_EQ(eval("latency_ms == 2500", fields), true);
    EXPECT_EQ(eval("latency_ms != 2500", fields), false);
    EXPECT_EQ(eval("latency_ms<3000.5", fields), true);
}

TEST(Condition, CombinesWithAndOrNotAndParentheses) {
    const Fields fields{{"latency_ms", 800.0}, {"http_status", 200.0}, {"class", "ok"}};
    EXPECT_EQ(eval("http_status == 200 && latency_ms < 1000", fields), true);
    EXPECT_EQ(eval("http_status == 200 && latency_ms < 500", fields), false);
    EXPECT_EQ(eval("latency_ms < 500 || class == ok", fields), true);
    EXPECT_EQ(eval("!(latency_ms < 500)", fields), true);
    // && binds tighter than ||.
    EXPECT_EQ(eval("latency_ms < 500 && http_status == 200 || class == ok", fields), true);
    EXPECT_EQ(eval("latency_ms < 500 && (http_status == 200 || class == ok)", fields), false);
}

TEST(Condition, ClassAcceptsOkAndFailureClassIds) {
    EXPECT_EQ(eval("class == rate_limited", {{"class", "rate_limited"}}), true);
    EXPECT_EQ(eval("class != ok", {{"class", "rate_limited"}}), true);
    EXPECT_EQ(eval("class == \"ok\"", {{"class", "ok"}}), true);
}

TEST(Condition, DoesNotApplyWhenAFieldIsMissing) {
    // ttft_ms only exists for stream probes; an auth probe neither passes nor fails it.
    EXPECT_EQ(eval("ttft_ms < 1500", {{"latency_ms", 100.0}}), std::nullopt);
    EXPECT_EQ(eval("latency_ms < 1000 && ttft_ms < 1500", {{"latency_ms", 100.0}}), std::nullopt);
}

TEST(Condition, RecordsTheFieldsItNames) {
    auto condition = Condition::parse("  ttft_ms < 1500 && latency_ms < 3000 || ttft_ms < 1 ");
    ASSERT_TRUE(condition.ok());
    EXPECT_EQ(condition->text(), "ttft_ms < 1500 && latency_ms < 3000 || ttft_ms < 1");
    EXPECT_EQ(condition->fields(), (std::vector<std::string>{"ttft_ms", "latency_ms"}));
}

TEST(Condition, UnknownFieldSuggestsTheClosest) {
    const std::string error = parse_error("latncy_ms < 3000");
    EXPECT_NE(error.find("condition \"latncy_ms < 3000\": column 1"), std::string::npos) << error;
    EXPECT_NE(error.find("did you mean \"latency_ms\""), std::string::npos) << error;
}

TEST(Condition, ErrorsNameTheColumnAndWhatWasExpected) {
    EXPECT_NE(parse_error("latency_ms < fast").find("column 14: expected a number, got \"fast\""),
              std::string::npos);
    EXPECT_NE(parse_error("latency_ms <").find("column 13: expected a number, got the end"),
              std::string::npos);
    EXPECT_NE(parse_error("latency_ms 3000").find("expected one of < <= > >= == !="),
              std::string::npos);
    EXPECT_NE(parse_error("latency_ms < 3000ms").find("expected a number, got \"3000ms\""),
              std::string::npos);
    EXPECT_NE(parse_error("(latency_ms < 3000").find("expected \")\""), std::string::npos);
    EXPECT_NE(parse_error("latency_ms < 3000 latency_ms").find("expected && or || or the end"),
              std::string::npos);
    EXPECT_NE(parse_error("latency_ms = 3000").find("column 12"), std::string::npos);
    EXPECT_NE(parse_error("").find("expected a field"), std::string::npos);
    EXPECT_NE(parse_error("class == \"ok").find("expected a closing quote"), std::string::npos);
}

TEST(Condition, ClassOnlyComparesForEqualityWithKnownIds) {
    EXPECT_NE(parse_error("class < ok").find("expected == or != after class"), std::string::npos);
    EXPECT_NE(parse_error("class == rate_limit").find("did you mean \"rate_limited\""),
              std::string::npos);
    EXPECT_NE(parse_error("class == 200").find("expected a failure class or ok"),
              std::string::npos);
}

TEST(Condition, EveryListedFieldParses) {
    for (const std::string& field : condition_fields()) {
        const std::string text = field == "class" ? "class == ok" : field + " >= 0";
        EXPECT_TRUE(Condition::parse(text).ok()) << text;
    }
}

}  // namespace
}  // namespace lifeline::probe
