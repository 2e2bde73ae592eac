#include <atomic>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/http/curl_transport.hpp>
#include <lifeline/http/sse_parser.hpp>

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

const std::string k_openai_429_body =
    R"({"error":{"message":"Rate limit reached for gpt-4o in organization org-test on tokens )"
    R"(per min (TPM): Limit 30000, Used 29842, Requested 1200. Please try again in 2.084s.",)"
    R"("type":"tokens","param":null,"code":"rate_limit_exceeded"}})";

TEST(CurlTransport, ReturnsStatusHeadersAndBodyAndSendsRequestHeaders) {
    LoopbackServer server;
    std::atomic<bool> auth_seen{false};
    std::string seen_body;
    server.server().Post("/v1/chat/completions", [&](const httplib::Request& req,
                                                     httplib::Response& res) {
        auth_seen = req.get_header_value("Authorization") == "Bearer " + k_fake_key;
        seen_body = req.body;
        res.set_header("x-request-id", "req_abc123");
        res.set_header("Set-Cookie", "a=1");
        res.set_header("Set-Cookie", "b=2");
        res.set_content(R"({"id":"chatcmpl-1","object":"chat.completion"})", "application/json");
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest request = get(server.url("/v1/chat/completions"));
    request.method = "POST";
    request.headers = {{"Authorization", "Bearer " + k_fake_key},
                       {"Content-Type", "application/json"}};
    request.body = R"({"model":"gpt-4o","messages":[{"role":"user","content":"ping"}]})";
    HttpResult result = transport.perform(request);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, R"({"id":"chatcmpl-1","object":"chat.completion"})");
    EXPECT_EQ(result->header("X-Request-Id"), "req_abc123");
    EXPECT_EQ(result->header("content-type"), "application/json");
    int cookies = 0;
    for (const Header& header : result->headers)
        cookies += header.name == "Set-Cookie" ? 1 : 0;
    EXPECT_EQ(cookies, 2);  // repeated headers are all kept
    EXPECT_TRUE(auth_seen);
    EXPECT_EQ(seen_body, request.body);
    const HttpTiming& t = result->timing;
    EXPECT_GT(t.total_ms, 0);
    EXPECT_LE(t.dns_ms, t.connect_ms);
    EXPECT_LE(t.connect_ms, t.ttfb_ms);
    EXPECT_LE(t.ttfb_ms, t.total_ms);
}

TEST(CurlTransport, RateLimitIsAResponseWithRetryAfterAndTheErrorBody) {
    LoopbackServer server;
    server.server().Post("/v1/chat/completions",
                         [](const httplib::Request&, httplib::Response& res) {
                             res.status = 429;
                             res.set_header("retry-after", "3");
                             res.set_header("x-ratelimit-reset-tokens", "2.084s");
                             res.set_content(k_openai_429_body, "application/json");
                         });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest request = get(server.url("/v1/chat/completions"));
    request.method = "POST";
    request.body = "{}";
    bool streamed = false;
    request.on_body_chunk = [&](std::string_view) { return streamed = true; };
    HttpResult result = transport.perform(request);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->status, 429);
    EXPECT_EQ(result->header("Retry-After"), "3");
    // An error body goes to the classifier, not to the stream consumer.
    EXPECT_EQ(result->body, k_openai_429_body);
    EXPECT_FALSE(streamed);
}

TEST(CurlTransport, StreamsBodyChunksAsTheyArrive) {
    LoopbackServer server;
    bool client_saw_first = false;  // guarded by server.mutex()
    std::atomic<bool> first_arrived_before_second{false};
    server.server().Get("/stream", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            sink.write("data: {\"delta\":\"one\"}\n\n", 23);
            // The second event is only sent once the client has the first: a transport
            // that buffered the body would leave this wait to time out.
            first_arrived_before_second = server.wait_for([&] { return client_saw_first; }, 2000ms);
            sink.write("data: [DONE]\n\n", 14);
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    std::vector<std::string> events;
    SseParser parser([&](const SseEvent& event) {
        events.push_back(event.data);
        std::lock_guard<std::mutex> lock(server.mutex());
        client_saw_first = true;
    });
    HttpRequest request = get(server.url("/stream"));
    request.on_body_chunk = [&](std::string_view chunk) {
        bool ok = parser.feed(chunk).ok();
        server.notify();
        return ok;
    };
    HttpResult result = transport.perform(request);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(first_arrived_before_second);
    EXPECT_EQ(events, (std::vector<std::string>{"{\"delta\":\"one\"}", "[DONE]"}));
    EXPECT_TRUE(result->body.empty());
    EXPECT_FALSE(parser.has_partial_event());
}

TEST(CurlTransport, OnlyTheFinalResponseHeadersAreKept) {
    RawServer server(
        "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok");
    CurlTransport transport;

    HttpResult result = transport.perform(get(server.url("/")));

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->header("X-Final"), "yes");
    EXPECT_EQ(result->header("Link"), std::nullopt);
    EXPECT_EQ(result->body, "ok");
}

TEST(CurlTransport, RedirectsAreReturnedNotFollowed) {
    LoopbackServer server;
    std::atomic<bool> followed{false};
    server.server().Get("/v1/models", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/elsewhere");
    });
    server.server().Get("/elsewhere",
                        [&](const httplib::Request&, httplib::Response&) { followed = true; });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    HttpRequest request = get(server.url("/v1/models"));
    request.headers = {{"Authorization", "Bearer " + k_fake_key}};
    HttpResult result = transport.perform(request);

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->status, 302);
    EXPECT_EQ(result->header("Location"), "/elsewhere");
    EXPECT_FALSE(followed);
}

TEST(CurlTransport, RejectsRequestsThatCannotBeSentSafely) {
    CurlTransport transport;
    HttpRequest injected = get("http://127.0.0.1:9/");
    injected.headers = {{"Authorization", "Bearer " + k_fake_key + "\r\nX-Injected: 1"}};
    HttpResult result = transport.perform(injected);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, Kind::invalid);
    EXPECT_NE(result.error().message.find("Authorization"), std::string::npos);
    EXPECT_EQ(result.error().message.find(k_fake_key), std::string::npos);

    HttpRequest bad_name = get("http://127.0.0.1:9/");
    bad_name.headers = {{"X-Api-Key\r\nAuthorization", k_fake_key}};
    HttpResult named = transport.perform(bad_name);
    ASSERT_FALSE(named);
    EXPECT_EQ(named.error().kind, Kind::invalid);
    EXPECT_EQ(named.error().message.find('\n'), std::string::npos);

    HttpResult ftp = transport.perform(get("ftp://127.0.0.1:9/file"));
    ASSERT_FALSE(ftp);
    EXPECT_EQ(ftp.error().kind, Kind::invalid);
}

TEST(CurlTransport, ReusesTheConnectionAcrossCalls) {
    LoopbackServer server;
    std::vector<int> client_ports;
    server.server().Get("/v1/models", [&](const httplib::Request& req, httplib::Response& res) {
        client_ports.push_back(req.remote_port);
        res.set_content(R"({"object":"list","data":[]})", "application/json");
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    ASSERT_TRUE(transport.perform(get(server.url("/v1/models"))));
    ASSERT_TRUE(transport.perform(get(server.url("/v1/models"))));

    ASSERT_EQ(client_ports.size(), 2u);
    EXPECT_EQ(client_ports[0], client_ports[1]);
}

TEST(CurlTransport, PerformAllRunsRequestsConcurrentlyAndKeepsOrder) {
    constexpr int k_requests = 4;
    LoopbackServer server;
    int in_flight = 0;  // guarded by server.mutex()
    int arrived = 0;
    int max_in_flight = 0;
    server.server().Get(R"(/slot/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard<std::mutex> lock(server.mutex());
            ++in_flight;
            ++arrived;
            max_in_flight = std::max(max_in_flight, in_flight);
        }
        server.notify();
        // Each handler waits for all requests to be in flight at once. A serial client
        // would leave the first one waiting alone until the limit, and max stays 1.
        server.wait_for([&] { return arrived >= k_requests; }, 2000ms);
        {
            std::lock_guard<std::mutex> lock(server.mutex());
            --in_flight;
        }
        res.set_content("slot " + req.matches[1].str(), "text/plain");
    });
    ASSERT_TRUE(server.start());
    CurlTransport transport;

    std::vector<HttpRequest> requests;
    for (int i = 0; i < k_requests; ++i)
        requests.push_back(get(server.url("/slot/" + std::to_string(i))));
    requests.push_back(get("http://127.0.0.1:" + std::to_string(closed_port()) + "/"));
    std::vector<HttpResult> results = transport.perform_all(requests);

    ASSERT_EQ(results.size(), requests.size());
    for (int i = 0; i < k_requests; ++i) {
        ASSERT_TRUE(results[i]) << results[i].error().message;
        EXPECT_EQ(results[i]->body, "slot " + std::to_string(i));
    }
    ASSERT_FALSE(results.back());
    EXPECT_EQ(results.back().error().kind, Kind::connect);
    std::lock_guard<std::mutex> lock(server.mutex());
    EXPECT_EQ(max_in_flight, k_requests);
}

}  // namespace
}  // namespace lifeline::http
