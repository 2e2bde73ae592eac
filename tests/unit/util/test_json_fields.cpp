// Non-throwing JSON reads: whatever the document holds, the answer is a value or an empty one.

#include <limits>

#include <gtest/gtest.h>

#include <lifeline/util/json_fields.hpp>

namespace lifeline {
namespace {

const nlohmann::json k_document = nlohmann::json::parse(
    R"({"name": "gpt-5", "tokens": 1200, "cost": 3.75, "nested": {"id": "x"}, "list": [1]})");

TEST(JsonFields, ReadsMembersOfTheRightType) {
    EXPECT_EQ(json_string(k_document, "name"), "gpt-5");
    EXPECT_EQ(json_int(k_document, "tokens"), 1200);
    EXPECT_EQ(json_int(k_document, "cost"), 3);  // a fraction is truncated
    ASSERT_NE(json_member(k_document, "nested"), nullptr);
    EXPECT_EQ(json_string(*json_member(k_document, "nested"), "id"), "x");
}

TEST(JsonFields, AbsentOrMistypedMembersAreEmpty) {
    EXPECT_EQ(json_string(k_document, "tokens"), "");
    EXPECT_EQ(json_int(k_document, "name"), 0);
    EXPECT_EQ(json_string(k_document, "missing"), "");
    EXPECT_EQ(json_member(k_document, "missing"), nullptr);
}

TEST(JsonFields, NonObjectsHaveNoMembers) {
    for (const nlohmann::json& value :
         {nlohmann::json(nullptr), nlohmann::json(7), nlohmann::json("text"), k_document["list"]}) {
        EXPECT_EQ(json_member(value, "name"), nullptr) << value.dump();
        EXPECT_EQ(json_string(value, "name"), "");
        EXPECT_EQ(json_int(value, "tokens"), 0);
    }
}

// Found by the proxy_trail fuzz target: a float beyond int64 ("input_tokens": 8.9e40) was cast
// to int64, which is undefined behaviour; such numbers now saturate.
TEST(JsonFields, NumbersBeyondInt64Saturate) {
    const auto document = nlohmann::json::parse(
        R"({"huge": 8.9e40, "tiny": -1e300, "unsigned": 18446744073709551615, "edge": -9223372036854775808})");
    EXPECT_EQ(json_int(document, "huge"), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(json_int(document, "tiny"), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(json_int(document, "unsigned"), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(json_int(document, "edge"), std::numeric_limits<int64_t>::min());
}

TEST(JsonFields, ParsingNeverThrows) {
    EXPECT_EQ(try_parse_json(R"({"a": 1})").value_or(nullptr)["a"], 1);
    EXPECT_EQ(try_parse_json("[1, 2]")->size(), 2u);
    EXPECT_FALSE(try_parse_json("not json"));
    EXPECT_FALSE(try_parse_json(R"({"a": )"));
    EXPECT_FALSE(try_parse_json(""));
    EXPECT_FALSE(try_parse_json(R"({"a": 1} trailing)"));
}

}  // namespace
}  // namespace lifeline
