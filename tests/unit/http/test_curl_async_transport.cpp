// CurlAsyncTransport against cpp-httplib servers on 127.0.0.1. Every wait is bounded: a test
// that breaks fails within seconds instead of hanging.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/http/async_transport.hpp>

#include "loopback.hpp"

namespace lifeline::http {
namespace {

using lifeline::testing::add_endless_stream;
using lifeline::testing::closed_port;
using lifeline::testing::LoopbackServer;
using lifeline::testing::RawServer;
using Kind = TransportError::Kind;
using namespace std::chrono_literals;

constexpr auto k_wait = 3000ms;

HttpRequest get(const std::string& url) {
    return lifeline::testing::loopback_request(url);
}

// What one transfer reported, in order, filled in on the transport thread.
class Recorder {
  public:
    // on_chunk's answer; the default keeps reading.
    std::function<bool(std::string_view)> on_chunk = [](std::string_view) { return true; };

    AsyncCallbacks callbacks() {
        AsyncCallbacks callbacks;
        callbacks.on_headers = [this](int status, const Headers& headers) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_events.push_back("headers " + std::to_string(status));
            m_headers = headers;
            m_changed.notify_all();
        };
        callbacks.on_chunk = [this](std::string_view chunk) {
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_events.push_back("chunk");
                m_body.append(chunk);
                m_changed.notify_all();
            }
            return on_chunk(chunk);
        };
        callbacks.on_done = [this](HttpResult result) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_events.push_back("done");
            m_result.emplace(std::move(result));
            m_done_thread = std::this_thread::get_id();
            ++m_done_count;
            m_changed.notify_all();
        };
        return callbacks;
    }

    // Blocks until on_done ran (true) or the limit passed.
    bool wait_done() {
        return wait_for([this] { return m_done_count > 0; });
    }
    bool wait_headers() {
        return wait_for([this] { return has_headers(); });
    }

    std::vector<std::string> events() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_events;
    }
    size_t count(const std::string& event) const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return std::count(m_events.begin(), m_events.end(), event);
    }
    std::string streamed() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_body;
    }
    Headers headers() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_headers;
    }
    int done_count() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_done_count;
    }
    std::thread::id done_thread() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_done_thread;
    }
    // Only after wait_done() returned true.
    const HttpResult& result() const { return *m_result; }

  private:
    bool has_headers() const {
        return !m_events.empty() && m_events.front().rfind("headers ", 0) == 0;
    }
    template <typename Ready>
    bool wait_for(Ready ready) {
        std::unique_lock<std::mutex> lock(m_mutex);
        return m_changed.wait_for(lock, k_wait, ready);
    }

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::string> m_events;  // "headers <status>", "chunk", "done"
    Headers m_headers;
    std::string m_body;
    int m_done_count = 0;
    std::thread::id m_done_thread;
    std::optional<HttpResult> m_result;
};

TEST(CurlAsyncTransport, DeliversAPlainResponseThroughOnDone) {
    LoopbackServer server;
    std::string seen_body;  // guarded by server.mutex()
    server.server().Post("/v1/chat/completions",
                         [&](const httplib::Request& req, httplib::Response& res) {
                             std::lock_guard<std::mutex> lock(server.mutex());
                             seen_body = req.body;
                             res.set_header("x-request-id", "req_abc123");
                             res.set_content(R"({"id":"chatcmpl-1"})", "application/json");
                         });
    ASSERT_TRUE(server.start());
    Recorder recorder;  // before the transport: its callbacks may run until the transport ends
    CurlAsyncTransport transport;

    HttpRequest request = get(server.url("/v1/chat/completions"));
    request.method = "POST";
    request.body = R"({"model":"gpt-4o"})";
    std::atomic<bool> request_consumer_called{false};
    request.on_body_chunk = [&](std::string_view) {  // ignored by the async contract
        request_consumer_called = true;
        return false;
    };
    AsyncCallbacks callbacks = recorder.callbacks();
    callbacks.on_chunk = nullptr;  // no consumer: the 2xx body is collected
    TransferId id = transport.start(request, callbacks);

    EXPECT_NE(id, 0u);
    ASSERT_TRUE(recorder.wait_done());
    ASSERT_TRUE(recorder.result()) << recorder.result().error().message;
    EXPECT_EQ(recorder.result()->status, 200);
    EXPECT_EQ(recorder.result()->body, R"({"id":"chatcmpl-1"})");
    EXPECT_EQ(recorder.result()->header("X-Request-Id"), "req_abc123");
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"headers 200", "done"}));
    Headers headers = recorder.headers();
    EXPECT_EQ(find_header(headers, "content-type"), "application/json");
    EXPECT_FALSE(request_consumer_called);
    EXPECT_NE(recorder.done_thread(), std::this_thread::get_id());
    EXPECT_EQ(transport.active(), 0u);
    std::lock_guard<std::mutex> lock(server.mutex());
    EXPECT_EQ(seen_body, request.body);
}

TEST(CurlAsyncTransport, StreamsA2xxBodyInChunksAfterItsHeaders) {
    LoopbackServer server;
    int client_chunks = 0;  // guarded by server.mutex()
    std::atomic<bool> each_chunk_arrived_alone{true};
    server.server().Get("/stream", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            for (int i = 1; i <= 3; ++i) {
                std::string event = "data: " + std::to_string(i) + "\n\n";
                sink.write(event.data(), event.size());
                // The next event only goes out once the client has this one: a transport
                // that buffered the body would leave these waits to time out.
                if (!server.wait_for([&] { return client_chunks >= i; }, 2000ms))
                    each_chunk_arrived_alone = false;
            }
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    Recorder recorder;
    CurlAsyncTransport transport;

    recorder.on_chunk = [&](std::string_view) {
        {
            std::lock_guard<std::mutex> lock(server.mutex());
            ++client_chunks;
        }
        server.notify();
        return true;
    };
    transport.start(get(server.url("/stream")), recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_TRUE(recorder.result()) << recorder.result().error().message;
    EXPECT_TRUE(each_chunk_arrived_alone);
    EXPECT_EQ(recorder.events(),
              (std::vector<std::string>{"headers 200", "chunk", "chunk", "chunk", "done"}));
    EXPECT_EQ(recorder.streamed(), "data: 1\n\ndata: 2\n\ndata: 3\n\n");
    EXPECT_TRUE(recorder.result()->body.empty());
}

TEST(CurlAsyncTransport, AnErrorStatusKeepsItsBodyInTheResultInsteadOfOnChunk) {
    const std::string body = R"({"error":{"code":"rate_limit_exceeded"}})";
    LoopbackServer server;
    server.server().Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) {
        res.status = 429;
        res.set_header("retry-after", "3");
        res.set_content(body, "application/json");
    });
    ASSERT_TRUE(server.start());
    Recorder recorder;
    CurlAsyncTransport transport;

    transport.start(get(server.url("/v1/models")), recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_TRUE(recorder.result()) << recorder.result().error().message;
    EXPECT_EQ(recorder.result()->status, 429);
    EXPECT_EQ(recorder.result()->body, body);
    EXPECT_EQ(recorder.result()->header("Retry-After"), "3");
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"headers 429", "done"}));
}

TEST(CurlAsyncTransport, OnHeadersReportsOnlyTheFinalResponse) {
    RawServer server(
        "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok");
    Recorder recorder;
    CurlAsyncTransport transport;

    transport.start(get(server.url("/")), recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_TRUE(recorder.result()) << recorder.result().error().message;
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"headers 200", "chunk", "done"}));
    Headers headers = recorder.headers();
    EXPECT_EQ(find_header(headers, "X-Final"), "yes");
    EXPECT_EQ(find_header(headers, "Link"), std::nullopt);
    EXPECT_EQ(recorder.streamed(), "ok");
}

TEST(CurlAsyncTransport, StartFromInsideOnDoneRunsTheNextRequest) {
    LoopbackServer server;
    server.server().Get(R"(/step/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content("step " + req.matches[1].str(), "text/plain");
    });
    ASSERT_TRUE(server.start());
    Recorder second;
    std::atomic<TransferId> second_id{0};
    std::mutex first_mutex;
    std::condition_variable first_changed;
    std::optional<HttpResult> first_result;
    CurlAsyncTransport transport;

    AsyncCallbacks first;
    first.on_done = [&](HttpResult result) {
        // A retry or failover starts the next attempt from here, on the transport thread.
        second_id = transport.start(get(server.url("/step/2")), second.callbacks());
        std::lock_guard<std::mutex> lock(first_mutex);
        first_result.emplace(std::move(result));
        first_changed.notify_all();
    };
    TransferId first_id = transport.start(get(server.url("/step/1")), first);

    ASSERT_TRUE(second.wait_done());
    ASSERT_TRUE(second.result()) << second.result().error().message;
    EXPECT_EQ(second.streamed(), "step 2");
    EXPECT_NE(second_id.load(), first_id);
    std::unique_lock<std::mutex> lock(first_mutex);
    ASSERT_TRUE(first_changed.wait_for(lock, k_wait, [&] { return first_result.has_value(); }));
    ASSERT_TRUE(*first_result) << first_result->error().message;
    EXPECT_EQ((*first_result)->body, "step 1");
}

TEST(CurlAsyncTransport, ManyConcurrentRequestsAllCompleteOnOneThread) {
    constexpr int k_requests = 50;
    LoopbackServer server;
    // One server thread per request, so every request can be in flight at once.
    server.server().new_task_queue = [] { return new httplib::ThreadPool(k_requests + 4); };
    // cpp-httplib listens with a backlog of 5: fifty simultaneous connects would overflow it
    // and the kernel would drop SYNs, which the client retries only after a second or more.
    int listener = -1;
    server.server().set_socket_options([&](int sock) {
        httplib::default_socket_options(sock);
        listener = sock;
    });
    int arrived = 0;  // guarded by server.mutex()
    server.server().Get(R"(/slot/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard<std::mutex> lock(server.mutex());
            ++arrived;
        }
        server.notify();
        // Each answer waits until every request has arrived: a client that ran them one at
        // a time would stall here until the limit and fail below.
        bool all_in_flight = server.wait_for([&] { return arrived >= k_requests; }, 2000ms);
        res.set_content(all_in_flight ? "slot " + req.matches[1].str() : "alone", "text/plain");
    });
    ASSERT_TRUE(server.start());
    ASSERT_EQ(::listen(listener, k_requests), 0);  // Linux: a second listen() sets the backlog
    std::vector<Recorder> recorders(k_requests);
    CurlAsyncTransport transport;

    std::set<TransferId> ids;
    for (int i = 0; i < k_requests; ++i) {
        AsyncCallbacks callbacks = recorders[i].callbacks();
        callbacks.on_chunk = nullptr;
        ids.insert(transport.start(get(server.url("/slot/" + std::to_string(i))), callbacks));
    }

    EXPECT_EQ(ids.size(), static_cast<size_t>(k_requests));  // ids are distinct
    std::set<std::thread::id> callback_threads;
    for (int i = 0; i < k_requests; ++i) {
        Recorder& recorder = recorders[i];
        ASSERT_TRUE(recorder.wait_done()) << "request " << i;
        ASSERT_TRUE(recorder.result()) << recorder.result().error().message;
        EXPECT_EQ(recorder.result()->body, "slot " + std::to_string(i));
        EXPECT_EQ(recorder.done_count(), 1);
        callback_threads.insert(recorder.done_thread());
    }
    EXPECT_EQ(callback_threads.size(), 1u);
    EXPECT_EQ(transport.active(), 0u);
}

TEST(CurlAsyncTransport, ReusesTheConnectionForTheNextRequest) {
    LoopbackServer server;
    std::vector<int> client_ports;  // guarded by server.mutex()
    server.server().Get("/v1/models", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(server.mutex());
        client_ports.push_back(req.remote_port);
        res.set_content(R"({"data":[]})", "application/json");
    });
    ASSERT_TRUE(server.start());
    std::vector<Recorder> recorders(2);
    CurlAsyncTransport transport;

    for (Recorder& recorder : recorders) {
        transport.start(get(server.url("/v1/models")), recorder.callbacks());
        ASSERT_TRUE(recorder.wait_done());
        ASSERT_TRUE(recorder.result()) << recorder.result().error().message;
    }

    std::lock_guard<std::mutex> lock(server.mutex());
    ASSERT_EQ(client_ports.size(), 2u);
    EXPECT_EQ(client_ports[0], client_ports[1]);
}

TEST(CurlAsyncTransport, CancelMidStreamEndsTheTransferOnceAndClosesTheConnection) {
    LoopbackServer server;
    bool closed = false;  // guarded by server.mutex()
    add_endless_stream(server, "/stream", closed);
    ASSERT_TRUE(server.start());
    Recorder recorder;
    CurlAsyncTransport transport;

    TransferId id = transport.start(get(server.url("/stream")), recorder.callbacks());
    ASSERT_TRUE(recorder.wait_headers());
    EXPECT_EQ(transport.active(), 1u);
    transport.cancel(id);

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_FALSE(recorder.result());
    EXPECT_EQ(recorder.result().error().kind, Kind::aborted);
    EXPECT_EQ(recorder.result().error().message, "transfer cancelled");
    EXPECT_EQ(recorder.result().error().status, 200);
    EXPECT_TRUE(server.wait_for([&] { return closed; }, k_wait));
    transport.cancel(id);  // already finished: a no-op
    EXPECT_EQ(recorder.done_count(), 1);
    EXPECT_EQ(transport.active(), 0u);
}

TEST(CurlAsyncTransport, CancelFromOnChunkStopsFurtherChunksAtOnce) {
    LoopbackServer server;
    bool closed = false;  // guarded by server.mutex()
    add_endless_stream(server, "/stream", closed);
    ASSERT_TRUE(server.start());
    std::promise<TransferId> started;
    std::shared_future<TransferId> id = started.get_future().share();
    Recorder recorder;
    CurlAsyncTransport transport;

    recorder.on_chunk = [&](std::string_view) {
        transport.cancel(id.get());  // on the transport thread, once start() has returned
        return true;
    };
    started.set_value(transport.start(get(server.url("/stream")), recorder.callbacks()));

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_FALSE(recorder.result());
    EXPECT_EQ(recorder.result().error().kind, Kind::aborted);
    EXPECT_EQ(recorder.result().error().message, "transfer cancelled");
    EXPECT_EQ(recorder.count("chunk"), 1u);
    EXPECT_TRUE(server.wait_for([&] { return closed; }, k_wait));
    EXPECT_EQ(recorder.done_count(), 1);
}

TEST(CurlAsyncTransport, OnChunkReturningFalseAbortsTheTransfer) {
    LoopbackServer server;
    bool closed = false;  // guarded by server.mutex()
    add_endless_stream(server, "/stream", closed);
    ASSERT_TRUE(server.start());
    Recorder recorder;
    CurlAsyncTransport transport;

    recorder.on_chunk = [](std::string_view) { return false; };
    transport.start(get(server.url("/stream")), recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_FALSE(recorder.result());
    EXPECT_EQ(recorder.result().error().kind, Kind::aborted);
    EXPECT_EQ(recorder.count("chunk"), 1u);
    EXPECT_TRUE(server.wait_for([&] { return closed; }, k_wait));
}

TEST(CurlAsyncTransport, IdleTimeoutEndsAServerThatStallsAfterTheHeaders) {
    LoopbackServer server;
    server.server().Get("/stall", [&](const httplib::Request&, httplib::Response& res) {
        // cpp-httplib sends the headers of a chunked response before asking for content.
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            server.wait_for([] { return false; }, k_wait);  // a hung upstream
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    Recorder recorder;
    CurlAsyncTransport transport;

    HttpRequest request = get(server.url("/stall"));
    request.timeouts.idle = 250ms;
    transport.start(request, recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_FALSE(recorder.result());
    EXPECT_EQ(recorder.result().error().kind, Kind::timeout);
    EXPECT_NE(recorder.result().error().message.find("idle timeout"), std::string::npos);
    EXPECT_EQ(recorder.result().error().status, 200);
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"headers 200", "done"}));
}

TEST(CurlAsyncTransport, RefusedConnectionIsAConnectErrorWithoutHeaders) {
    Recorder recorder;
    CurlAsyncTransport transport;
    transport.start(get("http://127.0.0.1:" + std::to_string(closed_port()) + "/v1/models"),
                    recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_FALSE(recorder.result());
    EXPECT_EQ(recorder.result().error().kind, Kind::connect);
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"done"}));
}

TEST(CurlAsyncTransport, ARequestThatCannotBeSentFailsThroughOnDone) {
    Recorder recorder;
    CurlAsyncTransport transport;
    HttpRequest request = get("http://127.0.0.1:9/");
    request.headers = {{"Authorization", "Bearer x\r\nX-Injected: 1"}};
    transport.start(request, recorder.callbacks());

    ASSERT_TRUE(recorder.wait_done());
    ASSERT_FALSE(recorder.result());
    EXPECT_EQ(recorder.result().error().kind, Kind::invalid);
    EXPECT_NE(recorder.done_thread(), std::this_thread::get_id());
}

TEST(CurlAsyncTransport, DestructorFinishesEveryTransferStillRunning) {
    LoopbackServer server;
    server.server().Get("/stall", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            server.wait_for([] { return false; }, k_wait);
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    std::vector<Recorder> recorders(4);
    auto transport = std::make_unique<CurlAsyncTransport>();

    for (int i = 0; i < 3; ++i)
        transport->start(get(server.url("/stall")), recorders[i].callbacks());
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(recorders[i].wait_headers());
    // Started just before the destructor: it may or may not have begun; either way it ends.
    transport->start(get(server.url("/stall")), recorders[3].callbacks());
    EXPECT_EQ(transport->active(), 4u);
    transport.reset();

    for (Recorder& recorder : recorders) {
        ASSERT_EQ(recorder.done_count(), 1);
        ASSERT_FALSE(recorder.result());
        EXPECT_EQ(recorder.result().error().kind, Kind::aborted);
    }
}

}  // namespace
}  // namespace lifeline::http
