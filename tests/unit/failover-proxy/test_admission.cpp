// admission.cpp: the checks a model call passes before its RequestFlow starts, in their order,
// each refusal's class and message, and the session's usage asked only when it matters.

#include <gtest/gtest.h>

#include "admission.hpp"
#include "proxy_test_support.hpp"

namespace failover_proxy {
namespace {

using lifeline::FailureClass;
using testing::k_fleet_yaml;
using testing::load_config;

const char* k_budget = "budget:\n  request_tokens: 1000\n  session_tokens: 5000\n";

ClientRequest chat_call(const std::string& model, size_t content_bytes = 10) {
    const std::string body = R"({"model":")" + model +
                             R"(","messages":[{"role":"user","content":")" +
                             std::string(content_bytes, 'a') + R"("}]})";
    auto parsed =
        parse_model_call(route_endpoint("POST", "/v1/chat/completions"), body, lifeline::Headers{});
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    return std::move(*parsed);
}

struct Admit {
    lifeline::config::Config config = load_config(std::string(k_fleet_yaml) + k_budget);
    lifeline::routing::VendorRule no_review;
    int usage_asked = 0;
    int64_t session_used = 0;

    lifeline::Result<Admission, Refusal> operator()(ClientRequest request,
                                                    const lifeline::Headers& headers = {}) {
        return admit_model_call(std::move(request), headers, config, no_review, "",
                                [this](const std::string&) {
                                    ++usage_asked;
                                    return session_used;
                                });
    }
};

TEST(Admission, ABodyThatIsNotJsonIsABadRequest) {
    auto parsed = parse_model_call(route_endpoint("POST", "/v1/chat/completions"), "{not json",
                                   lifeline::Headers{});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().failure_class, FailureClass::bad_request);
    EXPECT_FALSE(parsed.error().message.empty());
}

TEST(Admission, AModelThatNamesALaneIsAdmittedWithItsSession) {
    Admit admit;
    auto admitted = admit(chat_call("code"), {{"X-Claude-Code-Session-Id", "s-1"}});
    ASSERT_TRUE(admitted) << admitted.error().message;
    EXPECT_EQ(admitted->lane.lane, "code");
    EXPECT_EQ(admitted->session, "s-1");
    EXPECT_EQ(admit.usage_asked, 1);

    const RequestRecord record = admitted_record(*admitted, "req-7", {});
    EXPECT_EQ(record.id, "req-7");
    EXPECT_EQ(record.lane, "code");
    EXPECT_EQ(record.model, "code");
    EXPECT_EQ(record.session, "s-1");
    EXPECT_EQ(record.client_api, "chat");
}

TEST(Admission, TheLaneHeaderWinsOverTheModel) {
    Admit admit;
    auto admitted = admit(chat_call("code"), {{"X-Lifeline-Lane", "small-edit"}});
    ASSERT_TRUE(admitted) << admitted.error().message;
    EXPECT_EQ(admitted->lane.lane, "small-edit");
}

TEST(Admission, AnUnknownModelIsModelNotFoundNamingWhatCouldBeUsed) {
    Admit admit;
    auto refused = admit(chat_call("no-such-model"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().failure_class, FailureClass::model_not_found);
    EXPECT_NE(refused.error().message.find("small-edit"), std::string::npos)
        << refused.error().message;
}

TEST(Admission, ARequestOverItsTokenBudgetSaysWhichLimitAndHowToRaiseIt) {
    Admit admit;
    auto refused = admit(chat_call("code", 20000));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().failure_class, FailureClass::budget_exceeded);
    EXPECT_NE(refused.error().message.find("budget.request_tokens (1000)"), std::string::npos)
        << refused.error().message;
    EXPECT_NE(refused.error().message.find("raise budget.request_tokens"), std::string::npos);
}

TEST(Admission, ASessionThatUsedItsBudgetIsRefusedAndOnlyANamedSessionIsAsked) {
    Admit admit;
    admit.session_used = 5000;
    auto anonymous = admit(chat_call("code"));
    EXPECT_TRUE(anonymous);
    EXPECT_EQ(admit.usage_asked, 0);

    auto refused = admit(chat_call("code"), {{"X-Lifeline-Session", "s-9"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(admit.usage_asked, 1);
    EXPECT_EQ(refused.error().failure_class, FailureClass::budget_exceeded);
    EXPECT_NE(refused.error().message.find("session s-9"), std::string::npos)
        << refused.error().message;
}

}  // namespace
}  // namespace failover_proxy
