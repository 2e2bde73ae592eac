#include <algorithm>
#include <chrono>

#include <sys/socket.h>
#include <unistd.h>

#include "curl_loop_impl.hpp"

namespace lifeline::http {

namespace {

using Clock = detail::CurlTransfer::Clock;
using detail::AsyncTransfer;
using detail::outcome;
using std::chrono::milliseconds;

int curl_interest(int what) {
    return ((what & CURL_POLL_IN) != 0 ? EventLoop::k_readable : 0) |
           ((what & CURL_POLL_OUT) != 0 ? EventLoop::k_writable : 0);
}

int curl_select_bits(int readiness) {
    return ((readiness & EventLoop::k_readable) != 0 ? CURL_CSELECT_IN : 0) |
           ((readiness & EventLoop::k_writable) != 0 ? CURL_CSELECT_OUT : 0) |
           ((readiness & EventLoop::k_error) != 0 ? CURL_CSELECT_ERR : 0);
}

std::optional<Clock::time_point> earlier(std::optional<Clock::time_point> a,
                                         std::optional<Clock::time_point> b) {
    if (!a)
        return b;
    if (!b)
        return a;
    return std::min(*a, *b);
}

}  // namespace

int CurlLoopTransport::Impl::on_curl_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
    auto* impl = static_cast<Impl*>(self);
    if (impl->m_closing)
        return 0;
    if (what == CURL_POLL_REMOVE) {
        // Not closed yet: a connection kept alive stays registered with the loop, paused,
        // until on_curl_close().
        if (impl->m_watched.count(fd) > 0)
            impl->m_loop.watch(fd, 0, nullptr);
        return 0;
    }
    impl->m_watched.insert(fd);
    impl->m_loop.watch(fd, curl_interest(what),
                       [impl, fd](int readiness) { impl->socket_ready(fd, readiness); });
    return 0;
}

curl_socket_t CurlLoopTransport::Impl::on_curl_open(void* self, curlsocktype,
                                                    curl_sockaddr* address) {
    auto* impl = static_cast<Impl*>(self);
    const curl_socket_t fd =
        ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    // A socket number curl closed without on_curl_close() would still be registered.
    if (fd != CURL_SOCKET_BAD && impl->m_watched.erase(fd) > 0)
        impl->m_loop.forget(fd);
    return fd;
}

int CurlLoopTransport::Impl::on_curl_close(void* self, curl_socket_t fd) {
    auto* impl = static_cast<Impl*>(self);
    if (impl->m_watched.erase(fd) > 0)
        impl->m_loop.forget(fd);
    return ::close(fd);
}

int CurlLoopTransport::Impl::on_curl_timer(CURLM*, long timeout_ms, void* self) {
    auto* impl = static_cast<Impl*>(self);
    if (impl->m_closing)
        return 0;
    // Only noted: the timer is set once curl has returned (arm_timer()), so a "run again at
    // once" that curl takes back within the same call never reaches the loop's timer.
    impl->m_curl_due.reset();
    if (timeout_ms >= 0)
        impl->m_curl_due = Clock::now() + milliseconds(timeout_ms);
    return 0;
}

void CurlLoopTransport::Impl::socket_ready(curl_socket_t fd, int readiness) {
    drive(fd, curl_select_bits(readiness));
    settle();
    arm_timer();
}

void CurlLoopTransport::Impl::timer_fired() {
    m_timer_due.reset();
    run_due(Clock::now());
    settle();
    arm_timer();
}

void CurlLoopTransport::Impl::run_due(Clock::time_point now) {
    if (m_curl_due && *m_curl_due <= now) {
        m_curl_due.reset();
        drive(CURL_SOCKET_TIMEOUT, 0);
    }
    if (m_idle_due && *m_idle_due <= now)
        expire_idle(now);
}

void CurlLoopTransport::Impl::drive(curl_socket_t fd, int select_bits) {
    if (m_multi == nullptr)
        return;
    int still_running = 0;
    const CURLMcode status = m_curl->multi_socket_action(m_multi, fd, select_bits, &still_running);
    read_finished();
    if (status != CURLM_OK)
        replace_multi();
}

void CurlLoopTransport::Impl::watch_idle(const AsyncTransfer& transfer) {
    // Idle timeouts are ours, not curl's (see detail::sweep_idle).
    const auto now = Clock::now();
    if (std::optional<long> remaining = transfer.curl_transfer->idle_remaining_ms(now))
        m_idle_due = earlier(m_idle_due, now + milliseconds(std::max(*remaining, 0L)));
}

void CurlLoopTransport::Impl::expire_idle(Clock::time_point now) {
    // Activity only moves a transfer's timeout later, so m_idle_due is never late; when it
    // fires early, the sweep finds nothing and sets it to the earliest real one.
    const detail::IdleSweep sweep = detail::sweep_idle(m_running, now);
    m_idle_due.reset();
    if (sweep.next_ms)
        m_idle_due = now + milliseconds(*sweep.next_ms);
    for (TransferId id : sweep.expired) {
        AsyncTransfer& transfer = *m_running.at(id);
        transfer.curl_transfer->abort_idle();
        complete(id, outcome(transfer, CURLE_OPERATION_TIMEDOUT));
    }
}

void CurlLoopTransport::Impl::arm_timer() {
    // Setting a loop timer costs a system call (timerfd) each time it becomes the loop's
    // earliest, so the timer is only ever moved earlier: one that fires with nothing due finds
    // that out in run_due() and is set again. What is due now runs on a deferred turn instead.
    const std::optional<Clock::time_point> due = earlier(m_curl_due, m_idle_due);
    if (!due)
        return;
    const auto now = Clock::now();
    if (*due <= now) {
        schedule_turn();
        return;
    }
    if (m_timer_due && *m_timer_due <= *due)
        return;
    m_timer_due = due;
    m_loop.set_timer(std::chrono::ceil<milliseconds>(*due - now), [this] { timer_fired(); });
}

void CurlLoopTransport::Impl::forget_sockets() {
    // While the sockets are still open: a socket number the loop forgets after curl closed it
    // may already belong to someone else.
    for (curl_socket_t fd : m_watched)
        m_loop.forget(fd);
    m_watched.clear();
}

}  // namespace lifeline::http
