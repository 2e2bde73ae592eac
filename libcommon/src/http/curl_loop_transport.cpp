#include <algorithm>
#include <chrono>
#include <utility>

#include "curl_loop_impl.hpp"

namespace lifeline::http {

namespace {

using detail::AsyncTransfer;
using detail::call_on_done;
using detail::curl_library;
using detail::outcome;
using detail::prepare;
using detail::transport_error;
using Clock = detail::CurlTransfer::Clock;
using std::chrono::milliseconds;

// Idle connections kept for reuse. curl's default is four per transfer still running, so when
// a burst ends its connections are closed just as the next burst would reuse them.
constexpr long k_max_idle_connections = 256;

}  // namespace

CurlLoopTransport::Impl::Impl(EventLoop& loop) : m_loop(loop) {
    const detail::CurlLibraryResult& loaded = curl_library();
    if (!loaded) {
        m_unavailable = loaded.error();
        return;
    }
    m_curl = loaded.value();
    m_multi = new_multi();
}

CurlLoopTransport::Impl::~Impl() {
    end_everything();
    m_closing = true;
    forget_sockets();
    m_loop.set_timer(milliseconds(-1), nullptr);
    if (m_multi != nullptr)
        m_curl->multi_cleanup(m_multi);
}

CURLM* CurlLoopTransport::Impl::new_multi() {
    CURLM* multi = m_curl->multi_init();
    if (multi == nullptr) {
        m_unavailable = "could not create a curl multi handle";
        return nullptr;
    }
    m_curl->multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_curl_socket);
    m_curl->multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    m_curl->multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::on_curl_timer);
    m_curl->multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    m_curl->multi_setopt(multi, CURLMOPT_MAXCONNECTS, k_max_idle_connections);
    return multi;
}

TransferId CurlLoopTransport::Impl::start(HttpRequest request, AsyncCallbacks callbacks) {
    auto transfer = std::make_unique<AsyncTransfer>();
    transfer->id = m_next_id++;
    transfer->request = std::move(request);
    transfer->callbacks = std::move(callbacks);
    const TransferId id = transfer->id;
    m_active.fetch_add(1);
    m_pending_starts.push_back(std::move(transfer));
    schedule_turn();
    return id;
}

void CurlLoopTransport::Impl::cancel(TransferId id) {
    // No callback but on_done from now on; the transfer itself ends on the next turn.
    if (auto found = m_running.find(id); found != m_running.end())
        found->second->cancel_requested = true;
    for (auto& pending : m_pending_starts) {
        if (pending->id == id)
            pending->cancel_requested = true;
    }
    m_pending_cancels.push_back(id);
    schedule_turn();
}

void CurlLoopTransport::Impl::schedule_turn() {
    if (m_turn_scheduled)
        return;
    m_turn_scheduled = true;
    m_loop.defer([this, alive = std::weak_ptr<int>(m_alive)] {
        if (alive.expired())
            return;
        m_turn_scheduled = false;
        run_due(Clock::now());
        settle();
        arm_timer();
    });
}

void CurlLoopTransport::Impl::settle() {
    // Starts go first: a cancel can only name an id whose start was queued before it. Every
    // on_done may queue more.
    while (!m_pending_starts.empty() || !m_pending_cancels.empty()) {
        bool added = false;
        for (auto& transfer : std::exchange(m_pending_starts, {}))
            added = begin(std::move(transfer)) || added;
        if (added)
            drive(CURL_SOCKET_TIMEOUT, 0);  // new handles start now, not on the next timer turn
        for (TransferId id : std::exchange(m_pending_cancels, {})) {
            if (auto found = m_running.find(id); found != m_running.end())
                complete(id, found->second->curl_transfer->cancelled());
        }
    }
}

bool CurlLoopTransport::Impl::begin(std::unique_ptr<AsyncTransfer> transfer) {
    std::optional<HttpResult> failed;
    if (m_multi == nullptr)
        failed = fail(transport_error(TransportError::Kind::invalid, m_unavailable));
    else if (transfer->cancel_requested)
        failed = fail(transport_error(TransportError::Kind::aborted, "transfer cancelled"));
    else
        failed = prepare(*transfer, *m_curl);
    if (!failed) {
        CURL* easy = transfer->curl_transfer->handle();
        m_curl->easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Impl::on_curl_open);
        m_curl->easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
        m_curl->easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &Impl::on_curl_close);
        m_curl->easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
    }
    if (!failed && m_curl->multi_add_handle(m_multi, transfer->curl_transfer->handle()) != CURLM_OK)
        failed = fail(
            transport_error(TransportError::Kind::invalid, "could not add the request to curl"));
    if (failed) {
        m_active.fetch_sub(1);
        call_on_done(*transfer, std::move(*failed));
        return false;
    }
    watch_idle(*transfer);
    m_ids_by_handle.emplace(transfer->curl_transfer->handle(), transfer->id);
    m_running.emplace(transfer->id, std::move(transfer));
    return true;
}

void CurlLoopTransport::Impl::read_finished() {
    // Collected first: a message does not survive the removal of its handle.
    std::vector<std::pair<TransferId, CURLcode>> finished;
    int queued = 0;
    while (CURLMsg* message = m_curl->multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        if (auto found = m_ids_by_handle.find(message->easy_handle); found != m_ids_by_handle.end())
            finished.emplace_back(found->second, message->data.result);
    }
    for (auto [id, code] : finished) {
        if (auto found = m_running.find(id); found != m_running.end())
            complete(id, outcome(*found->second, code));
    }
}

void CurlLoopTransport::Impl::complete(TransferId id, HttpResult result) {
    auto node = m_running.extract(id);
    if (node.empty())
        return;
    AsyncTransfer& transfer = *node.mapped();
    m_ids_by_handle.erase(transfer.curl_transfer->handle());
    m_curl->multi_remove_handle(m_multi, transfer.curl_transfer->handle());
    m_active.fetch_sub(1);
    call_on_done(transfer, std::move(result));
}

void CurlLoopTransport::Impl::replace_multi() {
    // The multi handle itself broke (out of memory, a bad socket): the transfers in flight
    // fail rather than hang, and later ones get a fresh handle.
    for (TransferId id : detail::running_ids(m_running))
        complete(id, outcome(*m_running.at(id), CURLE_RECV_ERROR));
    forget_sockets();
    m_closing = true;
    m_curl->multi_cleanup(m_multi);
    m_closing = false;
    m_curl_due.reset();
    m_multi = new_multi();
}

void CurlLoopTransport::Impl::end_everything() {
    // on_done may start or cancel more; repeat until nothing is left.
    while (!m_pending_starts.empty() || !m_running.empty()) {
        for (auto& transfer : std::exchange(m_pending_starts, {})) {
            m_active.fetch_sub(1);
            call_on_done(*transfer, fail(transport_error(TransportError::Kind::aborted,
                                                         "transfer cancelled")));
        }
        for (TransferId id : detail::running_ids(m_running)) {
            if (auto found = m_running.find(id); found != m_running.end())
                complete(id, found->second->curl_transfer->cancelled());
        }
    }
    m_pending_cancels.clear();
}

CurlLoopTransport::CurlLoopTransport(EventLoop& loop) : m_impl(std::make_unique<Impl>(loop)) {}

CurlLoopTransport::~CurlLoopTransport() = default;

TransferId CurlLoopTransport::start(HttpRequest request, AsyncCallbacks callbacks) {
    return m_impl->start(std::move(request), std::move(callbacks));
}

void CurlLoopTransport::cancel(TransferId id) {
    m_impl->cancel(id);
}

size_t CurlLoopTransport::active() const {
    return m_impl->active();
}

}  // namespace lifeline::http
