#include <gtest/gtest.h>

#include <lifeline/translate/reasoning_envelope.hpp>

namespace lifeline::translate {
namespace {

TEST(ReasoningEnvelope, WrapsAndUnwrapsExactly) {
    Reasoning reasoning{"line one\nline \"two\" \xE2\x9C\x93", Vendor::anthropic, "EqQB+/==sig",
                        true, ""};
    std::string envelope = wrap_reasoning(reasoning);
    EXPECT_EQ(envelope.rfind("lifeline:v1:", 0), 0u);
    std::optional<Reasoning> back = unwrap_reasoning(envelope);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, reasoning);
}

TEST(ReasoningEnvelope, AnythingElseIsNotOurs) {
    for (const char* text :
         {"", "gAAAAABopenai", "lifeline:v1:", "lifeline:v1:!!!!",
          "lifeline:v1:bm90IGpzb24=" /* "not json" */, "lifeline:v1:abc", "lifeline:v2:e30="}) {
        EXPECT_FALSE(unwrap_reasoning(text).has_value()) << text;
    }
}

TEST(ReasoningEnvelope, ClientsGetRawStateOfTheirOwnVendorOnly) {
    Reasoning anthropic{"t", Vendor::anthropic, "asig", false, ""};
    EXPECT_EQ(opaque_for_client(Api::messages, anthropic), "asig");
    EXPECT_EQ(opaque_for_client(Api::responses, anthropic).rfind("lifeline:v1:", 0), 0u);
    EXPECT_EQ(opaque_for_client(Api::gemini, anthropic).rfind("lifeline:v1:", 0), 0u);
    EXPECT_EQ(
        opaque_for_client(Api::responses, Reasoning{"just text", Vendor::none, "", false, ""}), "");
}

TEST(ReasoningEnvelope, ClientStateIsRestoredOrTakenAsTheClientVendors) {
    Reasoning gemini{"thought", Vendor::gemini, "gsig", false, ""};
    Reasoning restored = reasoning_from_client(Api::responses, wrap_reasoning(gemini), "summary");
    EXPECT_EQ(restored, gemini);
    Reasoning own = reasoning_from_client(Api::responses, "gAAAA-blob", "summary");
    EXPECT_EQ(own.vendor, Vendor::openai);
    EXPECT_EQ(own.signature, "gAAAA-blob");
    EXPECT_EQ(own.text, "summary");
    Reasoning none = reasoning_from_client(Api::messages, "", "text only");
    EXPECT_EQ(none.vendor, Vendor::none);
}

}  // namespace
}  // namespace lifeline::translate
