// CurlLoopTransport (libcommon's libcurl transport driven by an event loop) on the proxy's
// AsioEventLoop, against cpp-httplib servers on 127.0.0.1. The test thread runs the loop, as a
// proxy loop thread would; every wait is bounded.

#include <chrono>
#include <csignal>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/http/loop_transport.hpp>

#include "../http/loopback.hpp"
#include "asio_event_loop.hpp"

namespace failover_proxy {
namespace {

using lifeline::http::AsyncCallbacks;
using lifeline::http::CurlLoopTransport;
using lifeline::http::HttpRequest;
using lifeline::http::HttpResult;
using lifeline::http::TransferId;
using lifeline::testing::add_endless_stream;
using lifeline::testing::closed_port;
using lifeline::testing::LoopbackServer;
using Kind = lifeline::http::TransportError::Kind;
using namespace std::chrono_literals;

constexpr auto k_wait = 3000ms;

HttpRequest get(const std::string& url) {
    return lifeline::testing::loopback_request(url);
}

// What one transfer reported, in order. Everything runs on the test thread.
struct Recorder {
    // on_chunk's answer; the default keeps reading.
    std::function<bool(std::string_view)> on_chunk = [](std::string_view) { return true; };
    std::vector<std::string> events;  // "headers <status>", "chunk", "done"
    std::string streamed;
    std::optional<HttpResult> result;
    std::thread::id done_thread;
    // Set by the test around start() and cancel(): a callback inside them breaks the contract.
    const bool* in_call = nullptr;
    bool called_inside = false;

    AsyncCallbacks callbacks() {
        AsyncCallbacks callbacks;
        callbacks.on_headers = [this](int status, const lifeline::Headers&) {
            note("headers " + std::to_string(status));
        };
        callbacks.on_chunk = [this](std::string_view chunk) {
            note("chunk");
            streamed.append(chunk);
            return on_chunk(chunk);
        };
        callbacks.on_done = [this](HttpResult done) {
            note("done");
            result.emplace(std::move(done));
            done_thread = std::this_thread::get_id();
        };
        return callbacks;
    }
    void note(std::string event) {
        events.push_back(std::move(event));
        if (in_call != nullptr && *in_call)
            called_inside = true;
    }
    size_t count(const std::string& event) const {
        return static_cast<size_t>(std::count(events.begin(), events.end(), event));
    }
};

struct LoopTransportTest : ::testing::Test {
    // Runs the loop on this thread until `ready` holds or k_wait passed; returns ready().
    bool run_until(const std::function<bool()>& ready) {
        const auto deadline = std::chrono::steady_clock::now() + k_wait;
        while (!ready() && std::chrono::steady_clock::now() < deadline) {
            if (io.stopped())
                io.restart();
            if (io.run_one_for(20ms) == 0)
                std::this_thread::sleep_for(1ms);  // no work queued yet (a server thread's turn)
        }
        return ready();
    }
    void run_for(std::chrono::milliseconds limit) {
        io.restart();
        io.run_for(limit);
    }
    TransferId start(CurlLoopTransport& transport, const HttpRequest& request, Recorder& recorder) {
        recorder.in_call = &in_call;
        in_call = true;
        const TransferId id = transport.start(request, recorder.callbacks());
        in_call = false;
        return id;
    }
    void cancel(CurlLoopTransport& transport, TransferId id) {
        in_call = true;
        transport.cancel(id);
        in_call = false;
    }

    // Each test makes its transport after its server, so the transport (and the keep-alive
    // connections it holds) goes first.
    boost::asio::io_context io{1};
    AsioEventLoop loop{io};
    bool in_call = false;
};

TEST_F(LoopTransportTest, AnswersOnTheLoopThreadAndNeverInsideStart) {
    LoopbackServer server;
    std::string seen_body;  // guarded by server.mutex()
    server.server().Post("/v1/chat/completions",
                         [&](const httplib::Request& req, httplib::Response& res) {
                             std::lock_guard<std::mutex> lock(server.mutex());
                             seen_body = req.body;
                             res.set_content(R"({"id":"chatcmpl-1"})", "application/json");
                         });
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);
    Recorder recorder;
    HttpRequest request = get(server.url("/v1/chat/completions"));
    request.method = "POST";
    request.body = R"({"model":"gpt-4o"})";

    const TransferId id = start(transport, request, recorder);

    EXPECT_NE(id, 0u);
    EXPECT_TRUE(recorder.events.empty());
    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_TRUE(*recorder.result) << recorder.result->error().message;
    EXPECT_EQ((*recorder.result)->status, 200);
    EXPECT_EQ(recorder.streamed, R"({"id":"chatcmpl-1"})");
    EXPECT_EQ(recorder.events, (std::vector<std::string>{"headers 200", "chunk", "done"}));
    EXPECT_EQ(recorder.done_thread, std::this_thread::get_id());
    EXPECT_FALSE(recorder.called_inside);
    EXPECT_EQ(transport.active(), 0u);
    std::lock_guard<std::mutex> lock(server.mutex());
    EXPECT_EQ(seen_body, request.body);
}

TEST_F(LoopTransportTest, AnErrorStatusKeepsItsBodyInTheResult) {
    LoopbackServer server;
    server.server().Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) {
        res.status = 429;
        res.set_header("retry-after", "3");
        res.set_content(R"({"error":{"code":"rate_limit_exceeded"}})", "application/json");
    });
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);
    Recorder recorder;

    start(transport, get(server.url("/v1/models")), recorder);

    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_TRUE(*recorder.result) << recorder.result->error().message;
    EXPECT_EQ((*recorder.result)->status, 429);
    EXPECT_EQ((*recorder.result)->header("Retry-After"), "3");
    EXPECT_NE((*recorder.result)->body.find("rate_limit_exceeded"), std::string::npos);
    EXPECT_EQ(recorder.events, (std::vector<std::string>{"headers 429", "done"}));
}

TEST_F(LoopTransportTest, ManyConcurrentRequestsReuseTheirConnectionsForTheNextRound) {
    constexpr int k_requests = 20;
    LoopbackServer server;
    server.server().new_task_queue = [] { return new httplib::ThreadPool(k_requests + 4); };
    // cpp-httplib listens with a backlog of 5: twenty simultaneous connects would overflow it
    // and the kernel would drop SYNs, which the client retries only after a second.
    int listener = -1;
    server.server().set_socket_options([&](int sock) {
        httplib::default_socket_options(sock);
        listener = sock;
    });
    std::set<int> client_ports;  // guarded by server.mutex()
    server.server().Get(R"(/slot/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard<std::mutex> lock(server.mutex());
            client_ports.insert(req.remote_port);
        }
        res.set_content("slot " + req.matches[1].str(), "text/plain");
    });
    ASSERT_TRUE(server.start());
    ASSERT_EQ(::listen(listener, k_requests), 0);  // Linux: a second listen() sets the backlog
    CurlLoopTransport transport(loop);

    for (int round = 0; round < 2; ++round) {
        std::vector<Recorder> recorders(k_requests);
        for (int i = 0; i < k_requests; ++i)
            start(transport, get(server.url("/slot/" + std::to_string(i))), recorders[i]);
        ASSERT_TRUE(run_until([&] {
            return std::all_of(recorders.begin(), recorders.end(),
                               [](const Recorder& r) { return r.result.has_value(); });
        }));
        for (int i = 0; i < k_requests; ++i) {
            ASSERT_TRUE(*recorders[i].result) << recorders[i].result->error().message;
            EXPECT_EQ(recorders[i].streamed, "slot " + std::to_string(i));
        }
    }
    EXPECT_EQ(transport.active(), 0u);
    std::lock_guard<std::mutex> lock(server.mutex());
    EXPECT_LE(client_ports.size(), static_cast<size_t>(k_requests));  // the second round reused
}

TEST_F(LoopTransportTest, AKeptAliveConnectionStaysRegisteredBetweenRequests) {
    LoopbackServer server;
    std::vector<int> client_ports;  // guarded by server.mutex()
    server.server().Get("/v1/models", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(server.mutex());
        client_ports.push_back(req.remote_port);
        res.set_content(R"({"data":[]})", "application/json");
    });
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);

    for (int i = 0; i < 3; ++i) {
        Recorder recorder;
        start(transport, get(server.url("/v1/models")), recorder);
        ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
        ASSERT_TRUE(*recorder.result) << recorder.result->error().message;
        EXPECT_EQ(loop.registered(), 1u);  // paused between requests, not dropped
    }

    std::lock_guard<std::mutex> lock(server.mutex());
    ASSERT_EQ(client_ports.size(), 3u);
    EXPECT_EQ(client_ports[0], client_ports[1]);
    EXPECT_EQ(client_ports[1], client_ports[2]);
}

TEST_F(LoopTransportTest, StartFromInsideOnDoneRunsTheNextRequest) {
    LoopbackServer server;
    server.server().Get(R"(/step/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content("step " + req.matches[1].str(), "text/plain");
    });
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);
    Recorder first;
    Recorder second;
    AsyncCallbacks chained = first.callbacks();
    chained.on_done = [&, record = chained.on_done](HttpResult result) {
        transport.start(get(server.url("/step/2")), second.callbacks());  // a failover's next try
        record(std::move(result));
    };

    transport.start(get(server.url("/step/1")), chained);

    ASSERT_TRUE(run_until([&] { return second.result.has_value(); }));
    ASSERT_TRUE(*first.result) << first.result->error().message;
    ASSERT_TRUE(*second.result) << second.result->error().message;
    EXPECT_EQ(first.streamed, "step 1");
    EXPECT_EQ(second.streamed, "step 2");
}

TEST_F(LoopTransportTest, CancelMidStreamEndsTheTransferOnceAndClosesTheConnection) {
    LoopbackServer server;
    bool closed = false;  // guarded by server.mutex()
    add_endless_stream(server, "/stream", closed);
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);
    Recorder recorder;

    const TransferId id = start(transport, get(server.url("/stream")), recorder);
    ASSERT_TRUE(run_until([&] { return recorder.count("chunk") >= 2; }));
    cancel(transport, id);
    const size_t chunks_at_cancel = recorder.count("chunk");

    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_FALSE(*recorder.result);
    EXPECT_EQ(recorder.result->error().kind, Kind::aborted);
    EXPECT_EQ(recorder.result->error().message, "transfer cancelled");
    EXPECT_EQ(recorder.count("chunk"), chunks_at_cancel);  // nothing after the cancel
    EXPECT_FALSE(recorder.called_inside);
    EXPECT_TRUE(server.wait_for([&] { return closed; }, k_wait));
    cancel(transport, id);  // already finished: a no-op
    run_for(200ms);
    EXPECT_EQ(recorder.count("done"), 1u);
    EXPECT_EQ(transport.active(), 0u);
    EXPECT_EQ(loop.registered(), 0u);  // the closed connection's socket is forgotten
}

TEST_F(LoopTransportTest, CancelFromOnChunkStopsFurtherChunksAtOnce) {
    LoopbackServer server;
    bool closed = false;  // guarded by server.mutex()
    add_endless_stream(server, "/stream", closed);
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);
    Recorder recorder;
    TransferId id = 0;
    recorder.on_chunk = [&](std::string_view) {
        transport.cancel(id);
        return true;
    };

    id = start(transport, get(server.url("/stream")), recorder);

    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_FALSE(*recorder.result);
    EXPECT_EQ(recorder.result->error().kind, Kind::aborted);
    EXPECT_EQ(recorder.count("chunk"), 1u);
    EXPECT_TRUE(server.wait_for([&] { return closed; }, k_wait));
}

TEST_F(LoopTransportTest, IdleTimeoutEndsAServerThatStallsAfterTheHeaders) {
    LoopbackServer server;
    server.server().Get("/stall", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            server.wait_for([] { return false; }, k_wait);  // a hung upstream
            sink.done();
            return true;
        });
    });
    ASSERT_TRUE(server.start());
    CurlLoopTransport transport(loop);
    Recorder recorder;
    HttpRequest request = get(server.url("/stall"));
    request.timeouts.idle = 250ms;

    start(transport, request, recorder);

    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_FALSE(*recorder.result);
    EXPECT_EQ(recorder.result->error().kind, Kind::timeout);
    EXPECT_NE(recorder.result->error().message.find("idle timeout"), std::string::npos);
    EXPECT_EQ(recorder.events, (std::vector<std::string>{"headers 200", "done"}));
}

TEST_F(LoopTransportTest, RefusedConnectionIsAConnectErrorWithoutHeaders) {
    CurlLoopTransport transport(loop);
    Recorder recorder;
    start(transport, get("http://127.0.0.1:" + std::to_string(closed_port()) + "/v1/models"),
          recorder);

    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_FALSE(*recorder.result);
    EXPECT_EQ(recorder.result->error().kind, Kind::connect);
    EXPECT_EQ(recorder.events, (std::vector<std::string>{"done"}));
}

TEST_F(LoopTransportTest, ARequestThatCannotBeSentFailsThroughOnDoneLater) {
    CurlLoopTransport transport(loop);
    Recorder recorder;
    HttpRequest request = get("http://127.0.0.1:9/");
    request.headers = {{"Authorization", "Bearer x\r\nX-Injected: 1"}};

    start(transport, request, recorder);

    EXPECT_FALSE(recorder.result.has_value());
    ASSERT_TRUE(run_until([&] { return recorder.result.has_value(); }));
    ASSERT_FALSE(*recorder.result);
    EXPECT_EQ(recorder.result->error().kind, Kind::invalid);
    EXPECT_FALSE(recorder.called_inside);
}

TEST_F(LoopTransportTest, DestructorFinishesEveryTransferAndForgetsItsSockets) {
    LoopbackServer server;
    bool closed = false;  // guarded by server.mutex()
    add_endless_stream(server, "/stream", closed);
    ASSERT_TRUE(server.start());
    std::optional<CurlLoopTransport> transport(std::in_place, loop);
    Recorder streaming;
    Recorder queued;

    start(*transport, get(server.url("/stream")), streaming);
    ASSERT_TRUE(run_until([&] { return streaming.count("chunk") >= 1; }));
    start(*transport, get(server.url("/stream")), queued);  // not begun yet: no turn has run since
    transport.reset();

    ASSERT_TRUE(streaming.result.has_value());
    ASSERT_TRUE(queued.result.has_value());
    EXPECT_EQ(streaming.result->error().kind, Kind::aborted);
    EXPECT_EQ(queued.result->error().kind, Kind::aborted);
    EXPECT_EQ(loop.registered(), 0u);
    EXPECT_TRUE(server.wait_for([&] { return closed; }, k_wait));
    run_for(200ms);  // the deferred turn finds the transport gone
}

}  // namespace
}  // namespace failover_proxy
