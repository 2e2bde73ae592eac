// failover-proxy in a cross-vendor review: a review lane needs the author, the author's vendors
// come from X-Lifeline-Avoid-Vendor or --avoid-vendor, and a lane of only the author's vendor
// is refused (400), never answered by the same family.

#include <gtest/gtest.h>

#include "proxy_harness.hpp"

namespace review_it {
namespace {

using nlohmann::json;
using proxy_it::ProxyRig;

const char* k_fleet =
    "version: 1\nproviders:\n"
    "  oa: {reply: \"Hello from oa.\"}\n"
    "  an: {reply: \"Hello from an.\"}\n";

const char* k_config =
    "version: 1\n"
    "providers:\n"
    "  oa: {kind: openai, base_url: \"{{url:oa}}/v1\", auth: {env: SIM_KEY}}\n"
    "  an: {kind: anthropic, base_url: \"{{url:an}}\", auth: {env: SIM_KEY}}\n"
    "models:\n"
    "  gpt: {provider: oa, id: gpt-5.5}\n"
    "  claude: {provider: an, id: claude-sonnet-4-6}\n"
    "lanes:\n"
    "  code: [gpt, claude]\n"
    "  review: {chain: [gpt, claude], different_vendor_from: author}\n";

std::string chat(const std::string& model) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Review"}]})";
}

std::string content(const std::string& body) {
    const json parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("choices"))
        return "<" + body + ">";
    return parsed["choices"][0]["message"]["content"].get<std::string>();
}

TEST(ProxyReview, AReviewLaneNeedsTheAuthorThenAvoidsItsVendor) {
    ProxyRig rig(k_fleet, k_config);
    ASSERT_TRUE(rig.ready());
    auto anonymous = rig.post("/v1/chat/completions", chat("review"));
    EXPECT_EQ(anonymous.status, 400) << anonymous.body;
    EXPECT_NE(anonymous.body.find("different_vendor_from: author"), std::string::npos)
        << anonymous.body;

    auto reviewed =
        rig.post("/v1/chat/completions", chat("review"), {{"X-Lifeline-Avoid-Vendor", "openai"}});
    ASSERT_EQ(reviewed.status, 200) << reviewed.body;
    EXPECT_EQ(content(reviewed.body), "Hello from an.");
}

TEST(ProxyReview, OnlyTheAuthorsVendorLeftIsABadRequestNotASameVendorAnswer) {
    ProxyRig rig(k_fleet, k_config);
    ASSERT_TRUE(rig.ready());
    auto refused =
        rig.post("/v1/chat/completions", chat("gpt"), {{"X-Lifeline-Avoid-Vendor", "openai"}});
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("shares the author's vendor (openai)"), std::string::npos)
        << refused.body;
    auto bad =
        rig.post("/v1/chat/completions", chat("code"), {{"X-Lifeline-Avoid-Vendor", "open ai"}});
    EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST(ProxyReview, TheAuthorGivenAtStartAppliesToEveryRequest) {
    ProxyRig rig(k_fleet, k_config, std::vector<std::string>{"--avoid-vendor", "openai"});
    ASSERT_TRUE(rig.ready()) << rig.stderr_text();
    for (const char* model : {"code", "review"}) {
        auto response = rig.post("/v1/chat/completions", chat(model));
        ASSERT_EQ(response.status, 200) << model << ": " << response.body;
        EXPECT_EQ(content(response.body), "Hello from an.") << model;
    }
    auto other_run = rig.post("/v1/chat/completions", chat("code"),
                              {{"X-Lifeline-Review-Of", "some-other-run"}});
    EXPECT_EQ(other_run.status, 400) << other_run.body;
}

}  // namespace
}  // namespace review_it
