#include <gtest/gtest.h>

#include <lifeline/translate/api.hpp>

namespace lifeline::translate {
namespace {

TEST(Api, IdsRoundTrip) {
    for (Api api : {Api::responses, Api::chat, Api::messages, Api::gemini})
        EXPECT_EQ(parse_api(to_string(api)), api);
    EXPECT_FALSE(parse_api("anthropic").has_value());
}

TEST(Api, NativeVendor) {
    EXPECT_EQ(native_vendor(Api::responses), Vendor::openai);
    EXPECT_EQ(native_vendor(Api::messages), Vendor::anthropic);
    EXPECT_EQ(native_vendor(Api::gemini), Vendor::gemini);
    EXPECT_EQ(native_vendor(Api::chat), Vendor::none);
    EXPECT_EQ(parse_vendor(to_string(Vendor::gemini)), Vendor::gemini);
}

}  // namespace
}  // namespace lifeline::translate
