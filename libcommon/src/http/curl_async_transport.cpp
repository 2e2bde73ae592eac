#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include <lifeline/http/async_transport.hpp>

#include "async_transfer.hpp"

namespace lifeline::http {

namespace {

using detail::AsyncTransfer;
using detail::call_on_done;
using detail::curl_library;
using detail::CurlLibrary;
using detail::CurlTransfer;
using detail::IdleSweep;
using detail::outcome;
using detail::prepare;
using detail::running_ids;
using detail::RunningTransfers;
using detail::sweep_idle;
using detail::transport_error;

// How long the loop may sleep when no idle timeout is closer; curl wakes it earlier for its
// own timers and for socket activity, start() and cancel() through curl_multi_wakeup.
constexpr long k_max_poll_ms = 1000;

}  // namespace

// The transport thread and the queue that feeds it. Members above m_mutex belong to the
// transport thread (m_curl is also read by wake_locked(), but only once m_multi is set); the
// ones from m_mutex on are shared with callers: guarded by it, atomic, or set in the
// constructor.
struct CurlAsyncTransport::Impl {
  public:
    Impl() {
        m_thread = std::thread([this] { run(); });
    }

    TransferId start(HttpRequest request, AsyncCallbacks callbacks);
    void cancel(TransferId id);
    void stop();  // cancels everything, then joins the thread
    size_t active() const { return m_active.load(); }

  private:
    void run();
    void load();
    void begin(std::unique_ptr<AsyncTransfer> transfer);
    void perform();
    long expire_idle();
    void wait(long timeout_ms);
    void complete(TransferId id, HttpResult result);
    void cancel_running(TransferId id);
    void fail_running(CURLcode code);
    void replace_multi();
    void cancel_everything();
    void wake_locked();

    const CurlLibrary* m_curl = nullptr;  // null when libcurl could not be loaded
    std::string m_unavailable;            // why there is no curl or no multi handle
    RunningTransfers m_running;
    std::unordered_map<CURL*, TransferId> m_ids_by_handle;

    std::mutex m_mutex;
    // Written by the transport thread under the lock, so wake_locked() never sees it freed.
    CURLM* m_multi = nullptr;
    std::condition_variable m_commands_changed;  // the wake-up while there is no multi handle
    std::vector<std::unique_ptr<AsyncTransfer>> m_pending_starts;
    std::vector<TransferId> m_pending_cancels;
    bool m_stopping = false;

    std::atomic<TransferId> m_next_id{1};
    std::atomic<size_t> m_active{0};
    std::thread m_thread;  // last: started once everything above exists
};

TransferId CurlAsyncTransport::Impl::start(HttpRequest request, AsyncCallbacks callbacks) {
    auto transfer = std::make_unique<AsyncTransfer>();
    transfer->id = m_next_id.fetch_add(1);
    transfer->request = std::move(request);
    transfer->callbacks = std::move(callbacks);
    TransferId id = transfer->id;
    m_active.fetch_add(1);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending_starts.push_back(std::move(transfer));
    wake_locked();
    return id;
}

void CurlAsyncTransport::Impl::cancel(TransferId id) {
    if (std::this_thread::get_id() == m_thread.get_id()) {
        // From a callback: stop its callbacks now; the handle is removed once curl returns.
        if (auto found = m_running.find(id); found != m_running.end())
            found->second->cancel_requested = true;
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending_cancels.push_back(id);
    wake_locked();
}

void CurlAsyncTransport::Impl::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        wake_locked();
    }
    m_thread.join();
}

void CurlAsyncTransport::Impl::wake_locked() {
    // curl_multi_wakeup is made for exactly this and is safe from any thread, but not during
    // curl_multi_cleanup: the lock keeps m_multi from being cleaned up under us.
    if (m_multi != nullptr)
        m_curl->multi_wakeup(m_multi);
    else
        m_commands_changed.notify_one();
}

void CurlAsyncTransport::Impl::run() {
    load();
    while (true) {
        std::vector<std::unique_ptr<AsyncTransfer>> starts;
        std::vector<TransferId> cancels;
        bool stop_now = false;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            starts.swap(m_pending_starts);
            cancels.swap(m_pending_cancels);
            stop_now = m_stopping;
        }
        // Callbacks run with the lock released, so they may call start() and cancel().
        // Starts go first: a cancel can only name an id whose start was queued before it.
        for (auto& transfer : starts)
            begin(std::move(transfer));
        for (TransferId id : cancels)
            cancel_running(id);
        if (stop_now)
            break;
        long timeout_ms = k_max_poll_ms;
        if (m_multi != nullptr) {
            perform();
            timeout_ms = expire_idle();
        }
        wait(timeout_ms);
    }
    cancel_everything();
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_multi != nullptr)
        m_curl->multi_cleanup(m_multi);
    m_multi = nullptr;
}

void CurlAsyncTransport::Impl::load() {
    // Loaded here, not in the constructor: dlopen and curl_global_init take milliseconds the
    // caller's thread need not wait for.
    const detail::CurlLibraryResult& loaded = curl_library();
    if (!loaded) {
        m_unavailable = loaded.error();
        return;
    }
    m_curl = loaded.value();
    CURLM* created = m_curl->multi_init();
    if (created == nullptr) {
        m_unavailable = "could not create a curl multi handle";
        return;
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_multi = created;
}

void CurlAsyncTransport::Impl::begin(std::unique_ptr<AsyncTransfer> transfer) {
    if (m_multi == nullptr) {
        m_active.fetch_sub(1);
        call_on_done(*transfer,
                     fail(transport_error(TransportError::Kind::invalid, m_unavailable)));
        return;
    }
    AsyncTransfer* self = transfer.get();
    std::optional<HttpResult> failed = prepare(*self, *m_curl);
    if (!failed && m_curl->multi_add_handle(m_multi, self->curl_transfer->handle()) != CURLM_OK)
        failed = fail(
            transport_error(TransportError::Kind::invalid, "could not add the request to curl"));
    if (failed) {
        m_active.fetch_sub(1);
        call_on_done(*self, std::move(*failed));
        return;
    }
    m_ids_by_handle.emplace(self->curl_transfer->handle(), self->id);
    m_running.emplace(self->id, std::move(transfer));
}

void CurlAsyncTransport::Impl::complete(TransferId id, HttpResult result) {
    auto node = m_running.extract(id);
    if (node.empty())
        return;
    AsyncTransfer& transfer = *node.mapped();
    m_ids_by_handle.erase(transfer.curl_transfer->handle());
    m_curl->multi_remove_handle(m_multi, transfer.curl_transfer->handle());
    // Taken from the count first, so a caller woken by on_done already sees it gone.
    m_active.fetch_sub(1);
    call_on_done(transfer, std::move(result));
}

void CurlAsyncTransport::Impl::cancel_running(TransferId id) {
    auto found = m_running.find(id);
    if (found != m_running.end())
        complete(id, found->second->curl_transfer->cancelled());
}

void CurlAsyncTransport::Impl::perform() {
    int still_running = 0;
    CURLMcode status = m_curl->multi_perform(m_multi, &still_running);
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
    if (status != CURLM_OK)
        replace_multi();
}

long CurlAsyncTransport::Impl::expire_idle() {
    const IdleSweep sweep = sweep_idle(m_running, CurlTransfer::Clock::now());
    for (TransferId id : sweep.expired) {
        AsyncTransfer& transfer = *m_running.at(id);
        transfer.curl_transfer->abort_idle();
        complete(id, outcome(transfer, CURLE_OPERATION_TIMEDOUT));
    }
    return std::max(std::min(sweep.next_ms.value_or(k_max_poll_ms), k_max_poll_ms), 1L);
}

void CurlAsyncTransport::Impl::wait(long timeout_ms) {
    if (m_multi != nullptr) {
        if (m_curl->multi_poll(m_multi, nullptr, 0, static_cast<int>(timeout_ms), nullptr) !=
            CURLM_OK)
            replace_multi();
        return;
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_commands_changed.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] {
        return m_stopping || !m_pending_starts.empty() || !m_pending_cancels.empty();
    });
}

void CurlAsyncTransport::Impl::fail_running(CURLcode code) {
    for (TransferId id : running_ids(m_running))
        complete(id, outcome(*m_running.at(id), code));
}

void CurlAsyncTransport::Impl::replace_multi() {
    // The multi handle itself broke (out of memory, a bad socket): the transfers in flight
    // fail rather than hang, and later ones get a fresh handle.
    fail_running(CURLE_RECV_ERROR);
    CURLM* broken = nullptr;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        broken = m_multi;
        m_multi = nullptr;
    }
    m_curl->multi_cleanup(broken);
    CURLM* fresh = m_curl->multi_init();
    if (fresh == nullptr)
        m_unavailable = "could not create a curl multi handle";
    std::lock_guard<std::mutex> lock(m_mutex);
    m_multi = fresh;
}

void CurlAsyncTransport::Impl::cancel_everything() {
    // on_done may start or cancel more; repeat until nothing is left.
    while (true) {
        std::vector<std::unique_ptr<AsyncTransfer>> starts;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            starts.swap(m_pending_starts);
            m_pending_cancels.clear();
        }
        if (starts.empty() && m_running.empty())
            return;
        for (auto& transfer : starts) {
            m_active.fetch_sub(1);
            call_on_done(*transfer, fail(transport_error(TransportError::Kind::aborted,
                                                         "transfer cancelled")));
        }
        for (TransferId id : running_ids(m_running))
            cancel_running(id);
    }
}

CurlAsyncTransport::CurlAsyncTransport() : m_impl(std::make_unique<Impl>()) {}

CurlAsyncTransport::~CurlAsyncTransport() {
    m_impl->stop();
}

TransferId CurlAsyncTransport::start(HttpRequest request, AsyncCallbacks callbacks) {
    return m_impl->start(std::move(request), std::move(callbacks));
}

void CurlAsyncTransport::cancel(TransferId id) {
    m_impl->cancel(id);
}

size_t CurlAsyncTransport::active() const {
    return m_impl->active();
}

}  // namespace lifeline::http
