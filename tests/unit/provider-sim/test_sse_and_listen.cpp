#include <gtest/gtest.h>

#include "listen_address.hpp"
#include "sse.hpp"

namespace provider_sim {
namespace {

TEST(SseEvent, NamedEventWithMultiLineData) {
    EXPECT_EQ(sse_event("message_stop", "{\"type\":\"message_stop\"}"),
              "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    EXPECT_EQ(sse_event({}, "a\nb"), "data: a\ndata: b\n\n");
    EXPECT_EQ(sse_data("[DONE]"), "data: [DONE]\n\n");
}

TEST(ListenAddress, LoopbackForms) {
    auto v4 = parse_listen_address("127.0.0.1:0", false);
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, 0);
    auto v6 = parse_listen_address("[::1]:8080", false);
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 8080);
    EXPECT_TRUE(parse_listen_address("localhost:9000", false));
    EXPECT_EQ(format_address("::1", 43125), "[::1]:43125");
    EXPECT_EQ(format_address("127.0.0.1", 43125), "127.0.0.1:43125");
}

TEST(ListenAddress, RemoteNeedsExplicitPermission) {
    auto refused = parse_listen_address("0.0.0.0:8080", false);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("--allow-remote"), std::string::npos);
    EXPECT_TRUE(parse_listen_address("0.0.0.0:8080", true));
}

TEST(ListenAddress, RejectsMalformedPorts) {
    EXPECT_FALSE(parse_listen_address("127.0.0.1", false));
    EXPECT_FALSE(parse_listen_address("127.0.0.1:http", false));
    EXPECT_FALSE(parse_listen_address("127.0.0.1:70000", false));
    EXPECT_FALSE(parse_listen_address("[::1]8080", false));
}

}  // namespace
}  // namespace provider_sim
