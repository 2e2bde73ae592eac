#include <atomic>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/http/curl_transport.hpp>

#include "loopback.hpp"

namespace lifeline::http {
namespace {

using lifeline::testing::closed_port;
using lifeline::testing::k_fake_key;
using lifeline::testing::LoopbackServer;
using lifeline::testing::RawServer;
using Kind = TransportError::Kind;
using namespace std::chrono_literals;

HttpRequest get(const std::string& url) {
    return lifeline::testing::loopback_request(url);
}

TEST(CurlTransport, TotalTimeoutEndsASlowResponse) {
    LoopbackServer server;
    server.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        server.wait_for([] { return false; }, 3000ms);  // until the server stops
        res.set_content("late", "text/plain");
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest request = get(server.url("/slow"));
    request.timeouts.total = 300ms;
    HttpResult result = transport.perform(request);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::timeout);
    EXPECT_EQ(result.error().failure_class(), FailureClass::timeout);
    EXPECT_EQ(result.error().message.find("idle"), std::string::npos);
}

TEST(CurlTransport, IdleTimeoutEndsAStalledStream) {
    LoopbackServer server;
    server.server().Get("/stall", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            sink.write("data: first\n\n", 13);
            server.wait_for([] { return false; }, 3000ms);  // hung upstream
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    std::string received;
    HttpRequest request = get(server.url("/stall"));
    request.timeouts.idle = 250ms;
    request.on_body_chunk = [&](std::string_view chunk) {
        received.append(chunk);
        return true;
    };
    HttpResult result = transport.perform(request);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::timeout);
    EXPECT_NE(result.error().message.find("idle timeout"), std::string::npos);
    EXPECT_EQ(result.error().status, 200);  // the status line had arrived
    EXPECT_EQ(received, "data: first\n\n");
}

TEST(CurlTransport, IdleTimeoutDoesNotFireWhileBytesKeepFlowing) {
    LoopbackServer server;
    server.server().Get("/trickle", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
            for (int i = 0; i < 5; ++i) {
                sink.write("tick\n", 5);
                std::this_thread::sleep_for(20ms);
            }
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest request = get(server.url("/trickle"));
    request.timeouts.idle = 1500ms;  // far above the 20 ms gaps
    HttpResult result = transport.perform(request);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->body, "tick\ntick\ntick\ntick\ntick\n");
}

TEST(CurlTransport, BodiesAboveTheCapFailAsTooLarge) {
    LoopbackServer server;
    server.server().Get("/sized", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(100'000, 'x'), "text/plain");
    });
    server.server().Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
            const std::string block(1000, 'y');
            for (int i = 0; i < 10 && sink.write(block.data(), block.size()); ++i) {
            }
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest sized = get(server.url("/sized"));
    sized.max_response_bytes = 1000;
    HttpResult announced = transport.perform(sized);
    ASSERT_FALSE(announced);
    EXPECT_EQ(announced.error().kind, Kind::too_large);

    HttpRequest chunked = get(server.url("/chunked"));
    chunked.max_response_bytes = 2500;
    size_t streamed = 0;
    chunked.on_body_chunk = [&](std::string_view chunk) {
        streamed += chunk.size();
        return true;
    };
    HttpResult unannounced = transport.perform(chunked);
    ASSERT_FALSE(unannounced);
    EXPECT_EQ(unannounced.error().kind, Kind::too_large);
    EXPECT_EQ(unannounced.error().failure_class(), FailureClass::stream_broken);
    EXPECT_LE(streamed, 2500u);
}

TEST(CurlTransport, ConsumerReturningFalseAbortsTheTransfer) {
    LoopbackServer server;
    server.server().Get("/stream", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("data: {\"error\":\"tool call broke\"}\n\n", "text/event-stream");
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest request = get(server.url("/stream"));
    request.on_body_chunk = [](std::string_view) { return false; };
    HttpResult result = transport.perform(request);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::aborted);
}

TEST(CurlTransport, RefusedConnectionIsAConnectErrorWithoutSecrets) {
    CurlTransport transport;
    HttpRequest request = get("http://127.0.0.1:" + std::to_string(closed_port()) + "/v1/models");
    request.headers = {{"Authorization", "Bearer " + k_fake_key}};
    HttpResult result = transport.perform(request);

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::connect);
    EXPECT_EQ(result.error().failure_class(), FailureClass::network);
    EXPECT_EQ(result.error().message.find(k_fake_key), std::string::npos);
    EXPECT_EQ(result.error().message.find('\n'), std::string::npos);
}

TEST(CurlTransport, HttpsAgainstAPlainListenerIsATlsError) {
    LoopbackServer server;
    server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("plain", "text/plain");
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpResult result =
        transport.perform(get("https://127.0.0.1:" + std::to_string(server.port()) + "/"));

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::tls) << result.error().message;
    EXPECT_EQ(result.error().failure_class(), FailureClass::tls);
}

TEST(CurlTransport, TruncatedBodyIsAReset) {
    RawServer server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        "{\"id\":\"chatcmpl-1\",");
    CurlTransport transport;

    HttpResult result = transport.perform(get(server.url("/v1/chat/completions")));

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::reset);
    EXPECT_EQ(result.error().status, 200);
}

}  // namespace
}  // namespace lifeline::http
