#include <algorithm>
#include <mutex>

#include <curl/curl.h>

#include <lifeline/http/curl_transport.hpp>

#include "curl_transfer.hpp"

namespace lifeline::http {

namespace {

using detail::curl_library;
using detail::CurlLibrary;
using detail::CurlTransfer;

// How long the loop may sleep when no idle timeout is closer; curl wakes it earlier for its
// own timers and for socket activity.
constexpr long k_max_poll_ms = 1000;

CurlTransfer* transfer_of(const CurlLibrary& curl, CURL* easy) {
    char* pointer = nullptr;
    curl.easy_getinfo(easy, CURLINFO_PRIVATE, &pointer);
    return reinterpret_cast<CurlTransfer*>(pointer);
}

struct Slot {
    std::unique_ptr<CurlTransfer> transfer;
    bool active = false;  // added to the multi handle and not yet finished
    std::optional<HttpResult> result;
};

// One run() call: a batch of transfers driven through one multi handle until each has a
// result. The multi handle stays the caller's (null means it could not be created).
class MultiRun {
  public:
    MultiRun(const CurlLibrary& curl, CURLM* multi) : m_curl(curl), m_multi(multi) {}

    void prepare(const std::vector<const HttpRequest*>& requests);
    void drive();
    // The multi handle failed: it must be cleaned up, not reused.
    bool multi_broken() const { return m_multi_broken; }
    std::vector<HttpResult> take_results();

  private:
    void add(Slot& slot, const HttpRequest& request);
    void finish_done();
    void fail_in_flight();
    long expire_idle();  // ms the loop may sleep before the nearest idle timeout
    void finish_slot(Slot& slot, CURLcode code);

    const CurlLibrary& m_curl;
    CURLM* m_multi;
    std::vector<Slot> m_slots;
    size_t m_active = 0;
    bool m_multi_broken = false;
};

void MultiRun::prepare(const std::vector<const HttpRequest*>& requests) {
    m_slots.resize(requests.size());
    for (size_t i = 0; i < requests.size(); ++i)
        add(m_slots[i], *requests[i]);
}

void MultiRun::add(Slot& slot, const HttpRequest& request) {
    slot.transfer = std::make_unique<CurlTransfer>(m_curl, request);
    if (m_multi == nullptr && !slot.transfer->setup_error()) {
        slot.result = fail(TransportError{
            TransportError::Kind::invalid, "could not create a curl multi handle", {}, 0});
    } else if (slot.transfer->setup_error()) {
        slot.result = slot.transfer->finish(CURLE_OK);
    } else if (m_curl.multi_add_handle(m_multi, slot.transfer->handle()) == CURLM_OK) {
        slot.active = true;
        ++m_active;
    } else {
        slot.result = fail(TransportError{
            TransportError::Kind::invalid, "could not add the request to curl", {}, 0});
    }
}

void MultiRun::drive() {
    while (m_active > 0) {
        int running = 0;
        CURLMcode status = m_curl.multi_perform(m_multi, &running);
        finish_done();
        if (status != CURLM_OK) {
            fail_in_flight();
            m_multi_broken = true;
            return;
        }
        long wait_ms = expire_idle();
        if (m_active == 0)
            return;
        m_curl.multi_poll(m_multi, nullptr, 0, static_cast<int>(std::max(wait_ms, 1L)), nullptr);
    }
}

void MultiRun::finish_done() {
    int queued = 0;
    while (CURLMsg* message = m_curl.multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        CurlTransfer* done = transfer_of(m_curl, message->easy_handle);
        for (Slot& slot : m_slots) {
            if (slot.active && slot.transfer.get() == done)
                finish_slot(slot, message->data.result);
        }
    }
}

void MultiRun::fail_in_flight() {
    // The multi handle itself broke (out of memory, bad socket): every transfer still in
    // flight fails the same way rather than hanging.
    for (Slot& slot : m_slots) {
        if (slot.active)
            finish_slot(slot, CURLE_RECV_ERROR);
    }
}

long MultiRun::expire_idle() {
    // Idle timeouts are ours, not curl's: curl's low-speed limit only has second
    // granularity, and providers' hung streams need a tighter bound.
    long wait_ms = k_max_poll_ms;
    auto now = CurlTransfer::Clock::now();
    for (Slot& slot : m_slots) {
        if (!slot.active)
            continue;
        std::optional<long> remaining = slot.transfer->idle_remaining_ms(now);
        if (!remaining)
            continue;
        if (*remaining <= 0) {
            slot.transfer->abort_idle();
            finish_slot(slot, CURLE_OPERATION_TIMEDOUT);
        } else {
            wait_ms = std::min(wait_ms, *remaining);
        }
    }
    return wait_ms;
}

void MultiRun::finish_slot(Slot& slot, CURLcode code) {
    slot.result = slot.transfer->finish(code);
    m_curl.multi_remove_handle(m_multi, slot.transfer->handle());
    slot.active = false;
    --m_active;
}

std::vector<HttpResult> MultiRun::take_results() {
    std::vector<HttpResult> results;
    results.reserve(m_slots.size());
    for (Slot& slot : m_slots)
        results.push_back(std::move(*slot.result));
    return results;
}

}  // namespace

CurlTransport::CurlTransport() = default;

CurlTransport::~CurlTransport() {
    // Multi handles exist only once the library loaded.
    for (void* multi : m_idle_multis)
        curl_library().value()->multi_cleanup(static_cast<CURLM*>(multi));
}

HttpResult CurlTransport::perform(const HttpRequest& request) {
    std::vector<HttpResult> results = run({&request});
    return std::move(results.front());
}

std::vector<HttpResult> CurlTransport::perform_all(const std::vector<HttpRequest>& requests) {
    std::vector<const HttpRequest*> pointers;
    pointers.reserve(requests.size());
    for (const HttpRequest& request : requests)
        pointers.push_back(&request);
    return run(pointers);
}

void* CurlTransport::acquire_multi() {
    {
        std::lock_guard<std::mutex> lock(m_pool_mutex);
        if (!m_idle_multis.empty()) {
            void* multi = m_idle_multis.back();
            m_idle_multis.pop_back();
            return multi;
        }
    }
    return curl_library().value()->multi_init();
}

void CurlTransport::release_multi(void* multi) {
    std::lock_guard<std::mutex> lock(m_pool_mutex);
    m_idle_multis.push_back(multi);
}

std::vector<HttpResult> CurlTransport::run(const std::vector<const HttpRequest*>& requests) {
    const detail::CurlLibraryResult& loaded = curl_library();
    if (!loaded) {
        return std::vector<HttpResult>(
            requests.size(),
            fail(TransportError{TransportError::Kind::invalid, loaded.error(), {}, 0}));
    }
    const CurlLibrary& curl = *loaded.value();
    auto* multi = static_cast<CURLM*>(acquire_multi());
    MultiRun batch(curl, multi);
    batch.prepare(requests);
    batch.drive();
    if (batch.multi_broken())
        curl.multi_cleanup(multi);
    else if (multi != nullptr)
        release_multi(multi);
    return batch.take_results();
}

}  // namespace lifeline::http
