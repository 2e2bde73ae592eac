#pragma once
// The proxy's event loop as libcurl's transport needs it (lifeline/http/event_loop.hpp): socket
// readiness through Asio descriptors, one steady timer, and posts, all on one io_context that
// one thread runs. CurlLoopTransport on top of it moves a loop's upstream transfers without a
// thread of their own.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <lifeline/http/event_loop.hpp>

namespace failover_proxy {

class AsioEventLoop final : public lifeline::http::EventLoop {
  public:
    // `io` must outlive this object and be run by one thread, the one every call comes from.
    explicit AsioEventLoop(boost::asio::io_context& io);
    // Forgets every socket still watched, without closing it (the sockets are curl's).
    ~AsioEventLoop() override;
    AsioEventLoop(const AsioEventLoop&) = delete;
    AsioEventLoop& operator=(const AsioEventLoop&) = delete;

    void watch(int fd, int interest, Ready ready) override;
    void forget(int fd) override;
    void set_timer(std::chrono::milliseconds delay, std::function<void()> fired) override;
    void defer(std::function<void()> work) override;

    size_t registered() const { return m_watches.size(); }  // sockets known, paused or not

  private:
    struct Watch;
    void arm(int fd, Watch& watch);
    void on_wait(int fd, uint64_t generation, int readiness,
                 const boost::system::error_code& error);

    boost::asio::io_context& m_io;
    // One entry per socket watched; a generation tells a wait's completion whether the entry it
    // was started for is still the one under that number (curl reuses socket numbers).
    std::unordered_map<int, std::unique_ptr<Watch>> m_watches;
    uint64_t m_next_generation = 1;
    boost::asio::steady_timer m_timer;
    uint64_t m_timer_generation = 0;  // a fired timer runs only if it is still the latest
    std::function<void()> m_fired;
};

}  // namespace failover_proxy
