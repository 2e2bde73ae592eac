// LazyTransport (lazy_transport.cpp): the upstream transport (libcurl) is made on the first
// request, once, and never for a proxy that serves none.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lazy_transport.hpp"

namespace failover_proxy {
namespace {

using lifeline::http::AsyncCallbacks;
using lifeline::http::HttpRequest;
using lifeline::http::TransferId;

// Records what reaches it.
class RecordingTransport final : public lifeline::http::AsyncTransport {
  public:
    explicit RecordingTransport(std::vector<std::string>& calls) : m_calls(calls) {}
    TransferId start(HttpRequest request, AsyncCallbacks) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("start " + request.url);
        return ++m_next;
    }
    void cancel(TransferId id) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("cancel " + std::to_string(id));
    }

  private:
    std::mutex m_mutex;
    std::vector<std::string>& m_calls;
    TransferId m_next = 0;
};

struct LazyTransportTest : ::testing::Test {
    std::vector<std::string> calls;
    std::atomic<int> made{0};
    LazyTransport transport{[this] {
        ++made;
        return std::make_unique<RecordingTransport>(calls);
    }};
};

HttpRequest request_to(const std::string& url) {
    HttpRequest request;
    request.url = url;
    return request;
}

TEST_F(LazyTransportTest, NothingIsMadeBeforeTheFirstRequest) {
    EXPECT_FALSE(transport.made());
    EXPECT_EQ(made.load(), 0);
}

TEST_F(LazyTransportTest, ACancelBeforeAnyRequestIsANoOpAndMakesNothing) {
    transport.cancel(7);
    EXPECT_FALSE(transport.made());
    EXPECT_TRUE(calls.empty());
}

TEST_F(LazyTransportTest, TheFirstRequestMakesTheTransportAndEveryCallReachesIt) {
    const TransferId first = transport.start(request_to("http://127.0.0.1:9/a"), {});
    const TransferId second = transport.start(request_to("http://127.0.0.1:9/b"), {});
    transport.cancel(first);
    EXPECT_TRUE(transport.made());
    EXPECT_EQ(made.load(), 1);
    EXPECT_NE(first, second);
    EXPECT_EQ(calls, (std::vector<std::string>{"start http://127.0.0.1:9/a",
                                               "start http://127.0.0.1:9/b", "cancel 1"}));
}

TEST_F(LazyTransportTest, RequestsFromManyThreadsAtOnceMakeItOnce) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([this] { transport.start(request_to("http://127.0.0.1:9/"), {}); });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(made.load(), 1);
    EXPECT_EQ(calls.size(), 8u);
}

}  // namespace
}  // namespace failover_proxy
