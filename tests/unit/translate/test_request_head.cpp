// A client request's head (model, stream) read without decoding it, and the body re-addressed
// to another model by replacing that one token: every other byte stays as the client sent it.

#include <gtest/gtest.h>

#include <lifeline/translate/request_head.hpp>

#include "translate_test_support.hpp"

namespace lifeline::translate {
namespace {

RequestHead must_read(std::string_view body) {
    Result<RequestHead> head = read_request_head(body);
    EXPECT_TRUE(head.ok()) << body;
    return head.ok() ? head.value() : RequestHead{};
}

TEST(RequestHead, ReadsTheTopLevelModelAndStream) {
    RequestHead head = must_read(
        R"({"input":[{"model":"inner"}], "model" : "code" ,"stream":true,"x":{"stream":false}})");
    EXPECT_EQ(head.model, "code");
    EXPECT_TRUE(head.stream);
    head = must_read(R"({"model":7,"stream":"yes"})");
    EXPECT_EQ(head.model, "");
    EXPECT_FALSE(head.stream);
}

TEST(RequestHead, TheNewModelReplacesOnlyTheModelsToken) {
    const std::string body =
        "{\"z\": 1.50, \"input\": [{\"model\": \"inner\"}],\n  \"model\":\t\"code\" ,\n"
        "  \"a\": {\"b\": [1, 2]}}";
    std::string out = with_model(body, must_read(body), "gpt-5.5");
    EXPECT_EQ(out,
              "{\"z\": 1.50, \"input\": [{\"model\": \"inner\"}],\n  \"model\":\t\"gpt-5.5\" ,\n"
              "  \"a\": {\"b\": [1, 2]}}");
}

TEST(RequestHead, AnEscapedOrNonStringModelIsReplacedWhole) {
    std::string body = R"({"model":"co\"de\u0041","n":1})";
    RequestHead head = must_read(body);
    EXPECT_EQ(head.model, "co\"deA");
    EXPECT_EQ(with_model(body, head, "m\"x"), R"({"model":"m\"x","n":1})");
    body = R"({"model":{"name":"a"},"n":1})";
    EXPECT_EQ(with_model(body, must_read(body), "m"), R"({"model":"m","n":1})");
}

TEST(RequestHead, ABodyWithoutAModelGetsOne) {
    for (const auto& [body, expected] :
         std::vector<std::pair<std::string, std::string>>{{R"({"n":1})", R"({"model":"m","n":1})"},
                                                          {"{ }", R"({"model":"m" })"},
                                                          {"{}", R"({"model":"m"})"}}) {
        std::string out = with_model(body, must_read(body), "m");
        EXPECT_EQ(out, expected);
        EXPECT_FALSE(testing::json_of(out).is_discarded()) << out;
    }
}

TEST(RequestHead, ABodyThatIsNotOneJsonObjectIsAnError) {
    for (const char* body : {"", "[]", "\"model\"", R"({"model":"m")", R"({"model":"m"} {})",
                             "{\"model\":\"\xC3\x28\"}"}) {
        Result<RequestHead> head = read_request_head(body);
        ASSERT_FALSE(head.ok()) << body;
        EXPECT_EQ(head.error().code, ErrorCode::parse);
    }
}

}  // namespace
}  // namespace lifeline::translate
