#pragma once
// Private to the http module: one request's curl easy handle plus the state its callbacks
// fill in (final headers, body, byte counts, why we aborted). CurlTransport and
// CurlAsyncTransport drive these through a multi handle; nothing outside src/http sees curl
// types.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <curl/curl.h>

#include <lifeline/http/curl_error_kind.hpp>
#include <lifeline/http/transport.hpp>

#include "curl_library.hpp"

namespace lifeline::http::detail {

class CurlTransfer {
  public:
    using Clock = std::chrono::steady_clock;
    // Called once, from inside curl, when the final (non-1xx) response's headers are
    // complete: before any of its body, never again for trailers. An exception counts as an
    // abort by the consumer (TransportError::aborted).
    using HeadersHook = std::function<void(int status, const Headers& headers)>;

    // Builds the easy handle for `request` with the loaded `curl` (both must outlive this
    // object). A request that cannot be expressed (no handle, a header with a line break) is
    // reported by setup_error() and must not be added to a multi handle.
    CurlTransfer(const CurlLibrary& curl, const HttpRequest& request);
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer&) = delete;
    CurlTransfer& operator=(const CurlTransfer&) = delete;

    CURL* handle() const { return m_easy; }
    const std::optional<TransportError>& setup_error() const { return m_setup_error; }

    // Set before the handle is added to a multi handle.
    void set_headers_hook(HeadersHook hook) { m_headers_hook = std::move(hook); }

    // Milliseconds until the idle timeout fires at `now`; nullopt when idle is off.
    // Zero or less means it has fired: the driver removes the handle and calls abort_idle().
    std::optional<long> idle_remaining_ms(Clock::time_point now) const;
    void abort_idle() { m_cause = AbortCause::idle; }

    // The outcome once curl reported `code` for this transfer (or it was removed for idle).
    HttpResult finish(CURLcode code);
    // The outcome of a transfer its owner stopped early (a cancel): TransportError::aborted
    // with the timing and status so far.
    HttpResult cancelled() const;

  private:
    static size_t on_header(char* data, size_t size, size_t count, void* self);
    static size_t on_body(char* data, size_t size, size_t count, void* self);
    size_t take_header_line(std::string_view line);
    size_t take_body(std::string_view bytes);
    bool report_headers();  // false: the hook threw, stop the transfer
    int current_status() const;
    // configure() in steps, in the order curl is told; each sets its options on m_easy.
    void configure();
    bool build_header_list();    // false: a header cannot be sent, m_setup_error says which
    void set_transfer_basics();  // URL, callback context, protocols, no redirects
    void set_request_headers();
    void set_timeouts();
    void set_tls();
    void set_response_cap();
    void set_callbacks();
    void set_method_and_body();
    HttpTiming read_timing() const;

    const CurlLibrary& m_curl;
    const HttpRequest& m_request;
    CURL* m_easy = nullptr;
    curl_slist* m_header_list = nullptr;
    std::optional<TransportError> m_setup_error;
    char m_error_buffer[CURL_ERROR_SIZE] = {};

    int m_status = 0;  // from the latest status line seen
    Headers m_headers;
    HeadersHook m_headers_hook;
    bool m_headers_reported = false;  // the hook ran for the current response
    std::string m_body;
    size_t m_body_bytes = 0;
    AbortCause m_cause = AbortCause::none;
    Clock::time_point m_last_activity;
};

}  // namespace lifeline::http::detail
