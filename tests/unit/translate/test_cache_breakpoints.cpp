// Prompt-cache breakpoints on Anthropic upstream requests (src/translate/cache_breakpoints.cpp),
// asserted through encode_request as the upstream sees them.

#include <gtest/gtest.h>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

using testing::fixture;
using testing::json_of;
using testing::must_decode_request;

int count_markers(const nlohmann::json& value) {
    if (value.is_array() || value.is_object()) {
        int n = value.is_object() && value.contains("cache_control") ? 1 : 0;
        for (const auto& item : value)
            n += count_markers(item);
        return n;
    }
    return 0;
}

Request conversation(int user_turns) {
    Request request;
    request.model = "claude";
    request.system = {"sys one", "sys two"};
    for (int i = 0; i < user_turns; ++i) {
        request.messages.push_back({Role::user, {text_part("q" + std::to_string(i))}});
        request.messages.push_back({Role::assistant, {text_part("a" + std::to_string(i))}});
    }
    request.messages.push_back({Role::user, {text_part("context"), text_part("last")}});
    return request;
}

TEST(CacheBreakpoints, LastSystemBlockAndLatestUserTurns) {
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, conversation(5), report));
    EXPECT_FALSE(body["system"][0].contains("cache_control"));
    EXPECT_EQ(body["system"][1]["cache_control"]["type"], "ephemeral");
    const auto& messages = body["messages"];
    size_t last = messages.size() - 1;
    EXPECT_FALSE(messages[last]["content"][0].contains("cache_control"));
    EXPECT_TRUE(messages[last]["content"][1].contains("cache_control"));
    EXPECT_TRUE(messages[last - 2]["content"][0].contains("cache_control"));
    EXPECT_TRUE(messages[last - 4]["content"][0].contains("cache_control"));
    EXPECT_FALSE(messages[last - 6]["content"][0].contains("cache_control"));
    EXPECT_FALSE(messages[last - 1]["content"][0].contains("cache_control"));  // assistant
    EXPECT_EQ(count_markers(body), 4);
}

TEST(CacheBreakpoints, ShortConversationsUseFewer) {
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, conversation(0), report));
    EXPECT_EQ(count_markers(body), 2);
    Request no_system = conversation(0);
    no_system.system.clear();
    body = json_of(encode_request(Api::messages, no_system, report));
    EXPECT_EQ(count_markers(body), 1);
}

TEST(CacheBreakpoints, ToolResultTurnsAreMarkedOnTheirLastBlock) {
    Request request = must_decode_request(Api::responses, fixture("codex_request.json"));
    EncodeReport report;
    nlohmann::json body = json_of(encode_request(Api::messages, request, report));
    EXPECT_LE(count_markers(body), 4);
    EXPECT_TRUE(body["system"].back().contains("cache_control"));
    const auto& messages = body["messages"];
    EXPECT_TRUE(messages.back()["content"].back().contains("cache_control"));
    // The user turn before the last assistant turn (tool results and text) is marked too.
    const auto& earlier = messages[messages.size() - 3];
    EXPECT_EQ(earlier["role"], "user");
    EXPECT_TRUE(earlier["content"].back().contains("cache_control"));
}

}  // namespace
}  // namespace lifeline::translate
