// failover-proxy's client connections, byte by byte: one kept-alive connection carrying a
// stream and then the next request, requests pipelined behind a plain answer and behind a
// stream (read while the stream is served), and the header timeout closing a slow client and
// an idle kept-alive connection.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "proxy_harness.hpp"
#include "raw_client.hpp"

namespace proxy_it {
namespace {

using std::chrono::milliseconds;

const char* k_fleet =
    "version: 1\nproviders:\n"
    "  cc: {reply: \"Hello from cc.\"}\n"
    "  dd: {reply: \"Hello from dd.\"}\n"
    "  slow: {reply: \"w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15\","
    " rules: [{fault: slow_drip, drip_interval: 100ms}]}\n";

const char* k_config =
    "version: 1\n"
    "providers:\n"
    "  cc: {kind: openai-compatible, base_url: \"{{url:cc}}/v1\", auth: {env: SIM_KEY}}\n"
    "  dd: {kind: openai-compatible, base_url: \"{{url:dd}}/v1\", auth: {env: SIM_KEY}}\n"
    "  slow: {kind: openai-compatible, base_url: \"{{url:slow}}/v1\", auth: {env: SIM_KEY}}\n"
    "models:\n"
    "  qwen: {provider: cc, id: qwen3-coder}\n"
    "  devstral: {provider: dd, id: devstral}\n"
    "  dripper: {provider: slow, id: qwen3-coder}\n"
    "lanes:\n"
    "  code: [qwen]\n"
    "  drip: [dripper]\n";

std::string chat(const std::string& model, bool stream, const std::string& text) {
    return R"({"model":")" + model + R"(","stream":)" + (stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":")" + text + R"("}]})";
}

size_t count_of(const std::string& text, const std::string& part) {
    size_t count = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++count;
    return count;
}

TEST(FailoverProxyConnections, AKeptAliveConnectionCarriesAStreamAndThenTheNextRequest) {
    ProxyRig rig(k_fleet, k_config);
    ASSERT_TRUE(rig.ready());
    RawClient client(rig.proxy().port());
    ASSERT_TRUE(client.connected());

    ASSERT_TRUE(client.send_all(
        raw_post("/v1/chat/completions", rig.token(), chat("drip", true, "first"))));
    ASSERT_TRUE(client.read_until("[DONE]", milliseconds(10000))) << client.received();
    ASSERT_TRUE(client.read_until("\r\n0\r\n\r\n", milliseconds(5000))) << client.received();
    ASSERT_TRUE(client.send_all(
        raw_post("/v1/chat/completions", rig.token(), chat("code", false, "second"))));
    ASSERT_TRUE(client.read_until("Hello from cc.", milliseconds(5000))) << client.received();
    EXPECT_EQ(count_of(client.received(), "HTTP/1.1 200"), 2u) << client.received();
    EXPECT_EQ(rig.access_log().size(), 2u);
}

TEST(FailoverProxyConnections, PipelinedRequestsAreAnsweredInOrder) {
    ProxyRig rig(k_fleet, k_config);
    ASSERT_TRUE(rig.ready());
    RawClient client(rig.proxy().port());
    ASSERT_TRUE(client.connected());

    // A stream first: the request behind it is read while the stream is served and answered
    // once the stream has ended.
    ASSERT_TRUE(client.send_all(
        raw_post("/v1/chat/completions", rig.token(), chat("drip", true, "first")) +
        raw_post("/v1/chat/completions", rig.token(), chat("code", false, "second")) +
        raw_post("/v1/chat/completions", rig.token(), chat("devstral", false, "third"))));
    ASSERT_TRUE(client.read_until("Hello from dd.", milliseconds(10000))) << client.received();
    const std::string& received = client.received();
    EXPECT_EQ(count_of(received, "HTTP/1.1 200"), 3u) << received;
    EXPECT_LT(received.find("[DONE]"), received.find("Hello from cc.")) << received;
    EXPECT_LT(received.find("Hello from cc."), received.find("Hello from dd.")) << received;
    EXPECT_EQ(rig.access_log().size(), 3u);
}

TEST(FailoverProxyConnections, AnIdleKeptAliveConnectionIsClosedAfterTheHeaderTimeout) {
    ProxyRig rig(k_fleet, k_config, {"--header-timeout", "1s"});
    ASSERT_TRUE(rig.ready());
    RawClient client(rig.proxy().port());
    ASSERT_TRUE(client.connected());

    ASSERT_TRUE(client.send_all(
        raw_post("/v1/chat/completions", rig.token(), chat("drip", true, "first"))));
    // The stream lasts longer than the header timeout: serving a request is not idle.
    ASSERT_TRUE(client.read_until("\r\n0\r\n\r\n", milliseconds(10000))) << client.received();
    EXPECT_NE(client.received().find("[DONE]"), std::string::npos) << client.received();
    EXPECT_TRUE(client.read_to_close(milliseconds(5000)));
}

TEST(FailoverProxyConnections, AClientThatStopsHalfwayThroughItsHeadersIsClosed) {
    ProxyRig rig(k_fleet, k_config, {"--header-timeout", "1s"});
    ASSERT_TRUE(rig.ready());
    RawClient client(rig.proxy().port());
    ASSERT_TRUE(client.connected());

    ASSERT_TRUE(client.send_all("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    EXPECT_TRUE(client.read_to_close(milliseconds(5000)));
    EXPECT_TRUE(rig.access_log().empty());
}

}  // namespace
}  // namespace proxy_it
