#pragma once
// Private to the http module: CurlLoopTransport's state (loop_transport.hpp), shared by its two
// halves — curl_loop_transport.cpp (the queue of starts and cancels, and the transfers) and
// curl_loop_events.cpp (curl's sockets and timer on the caller's event loop).

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <curl/curl.h>

#include <lifeline/http/loop_transport.hpp>

#include "async_transfer.hpp"

namespace lifeline::http {

// Everything runs on the loop's thread. start() and cancel() only queue; the queue is worked
// off on a deferred turn (settle()), and after every socket event and timer, so no callback
// ever runs inside start() or cancel(), and no curl function is called from inside curl.
struct CurlLoopTransport::Impl {
    using Clock = detail::CurlTransfer::Clock;

  public:
    explicit Impl(EventLoop& loop);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    TransferId start(HttpRequest request, AsyncCallbacks callbacks);
    void cancel(TransferId id);
    size_t active() const { return m_active.load(); }

  private:
    static int on_curl_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* data);
    static int on_curl_timer(CURLM* multi, long timeout_ms, void* self);
    // Every socket of this transport's transfers is opened and closed here, so the loop
    // registers a connection once, not once per request over it.
    static curl_socket_t on_curl_open(void* self, curlsocktype purpose, curl_sockaddr* address);
    static int on_curl_close(void* self, curl_socket_t fd);

    CURLM* new_multi();
    void schedule_turn();
    void socket_ready(curl_socket_t fd, int readiness);
    void timer_fired();
    void run_due(Clock::time_point now);
    void drive(curl_socket_t fd, int select_bits);
    void settle();
    bool begin(std::unique_ptr<detail::AsyncTransfer> transfer);
    void read_finished();
    void complete(TransferId id, HttpResult result);
    void expire_idle(Clock::time_point now);
    void watch_idle(const detail::AsyncTransfer& transfer);
    void arm_timer();
    void replace_multi();
    void end_everything();
    void forget_sockets();

    EventLoop& m_loop;
    const detail::CurlLibrary* m_curl = nullptr;  // null when libcurl could not be loaded
    std::string m_unavailable;                    // why there is no curl or no multi handle
    CURLM* m_multi = nullptr;
    bool m_closing = false;  // in the destructor: curl's late socket and timer calls are ignored

    detail::RunningTransfers m_running;
    std::unordered_map<CURL*, TransferId> m_ids_by_handle;
    std::vector<std::unique_ptr<detail::AsyncTransfer>> m_pending_starts;
    std::vector<TransferId> m_pending_cancels;
    std::unordered_set<curl_socket_t> m_watched;  // registered with the loop, paused or not
    bool m_turn_scheduled = false;

    std::optional<Clock::time_point> m_curl_due;   // curl's own timer
    std::optional<Clock::time_point> m_idle_due;   // the earliest idle timeout that may fire
    std::optional<Clock::time_point> m_timer_due;  // what the loop's timer is set for, if set

    TransferId m_next_id = 1;
    std::atomic<size_t> m_active{0};
    // Deferred turns hold it weakly: a turn that runs after the transport is gone does nothing.
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

}  // namespace lifeline::http
