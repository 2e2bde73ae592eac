#include "curl_transfer.hpp"

#include <cstdint>

#include <lifeline/core/version.hpp>
#include <lifeline/util/strings.hpp>

#include "ca_trust.hpp"

namespace lifeline::http::detail {

namespace {

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

bool starts_with_status_line(std::string_view line) {
    return line.size() >= 5 && line.substr(0, 5) == "HTTP/";
}

int parse_status_code(std::string_view line) {
    // "HTTP/1.1 200 OK" or "HTTP/2 200": the second space-separated token.
    size_t space = line.find(' ');
    if (space == std::string_view::npos || space + 4 > line.size())
        return 0;
    int code = 0;
    for (size_t i = space + 1; i < space + 4; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return 0;
        code = code * 10 + (line[i] - '0');
    }
    return code;
}

// Why `header` cannot be sent, or nullopt. A line break would let a value smuggle in extra
// headers; the message names the header but never its value (it may be an API key).
std::optional<std::string> header_problem(const Header& header) {
    bool bad_name = header.name.empty() || has_line_break(header.name);
    if (!bad_name && !has_line_break(header.value))
        return std::nullopt;
    std::string which =
        bad_name ? std::string("a header name") : "header \"" + header.name.substr(0, 64) + "\"";
    return "invalid request: " + which + " is empty or contains a line break";
}

double micros_to_ms(curl_off_t micros) {
    return static_cast<double>(micros) / 1000.0;
}

}  // namespace

CurlTransfer::CurlTransfer(const CurlLibrary& curl, const HttpRequest& request)
    : m_curl(curl), m_request(request), m_last_activity(Clock::now()) {
    m_easy = m_curl.easy_init();
    if (m_easy == nullptr) {
        m_setup_error =
            TransportError{TransportError::Kind::invalid, "could not create a curl handle", {}, 0};
        return;
    }
    configure();
}

CurlTransfer::~CurlTransfer() {
    if (m_easy != nullptr)
        m_curl.easy_cleanup(m_easy);
    m_curl.slist_free_all(m_header_list);
}

void CurlTransfer::configure() {
    if (!build_header_list())
        return;
    set_transfer_basics();
    set_request_headers();
    set_timeouts();
    set_tls();
    set_response_cap();
    set_callbacks();
    set_method_and_body();
}

bool CurlTransfer::build_header_list() {
    for (const Header& header : m_request.headers) {
        if (std::optional<std::string> problem = header_problem(header)) {
            m_setup_error = TransportError{TransportError::Kind::invalid, *problem, {}, 0};
            return false;
        }
        // "Name;" is curl's way to send a header with an empty value ("Name:" removes it).
        std::string line =
            header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
        m_header_list = m_curl.slist_append(m_header_list, line.c_str());
    }
    if (!find_header(m_request.headers, "Expect")) {
        // curl adds "Expect: 100-continue" to large bodies and then waits up to a second for
        // the interim answer; long prompts would pay that on every request.
        m_header_list = m_curl.slist_append(m_header_list, "Expect:");
    }
    return true;
}

void CurlTransfer::set_transfer_basics() {
    m_curl.easy_setopt(m_easy, CURLOPT_URL, m_request.url.c_str());
    m_curl.easy_setopt(m_easy, CURLOPT_PRIVATE, this);
    m_curl.easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_error_buffer);
    // No signals: the transport runs in threads, and timeouts are handled by the multi loop.
    m_curl.easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    m_curl.easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
    // Redirects are never followed: providers do not redirect API calls, and following one
    // would replay the auth headers to whatever host the Location names.
    m_curl.easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 0L);
    // A proxy's "200 Connection established" is not the upstream's answer: without this it
    // would reach take_header_line as a complete final response.
    m_curl.easy_setopt(m_easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
}

void CurlTransfer::set_request_headers() {
    m_curl.easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_header_list);
    if (!find_header(m_request.headers, "User-Agent")) {
        std::string agent = std::string("lifeline/") + k_version;
        m_curl.easy_setopt(m_easy, CURLOPT_USERAGENT, agent.c_str());  // curl copies strings
    }
}

void CurlTransfer::set_timeouts() {
    const Timeouts& timeouts = m_request.timeouts;
    if (timeouts.connect.count() > 0)
        m_curl.easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS,
                           static_cast<long>(timeouts.connect.count()));
    if (timeouts.total.count() > 0)
        m_curl.easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
}

void CurlTransfer::set_tls() {
    m_curl.easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, m_request.verify_tls ? 1L : 0L);
    m_curl.easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, m_request.verify_tls ? 2L : 0L);
    // A private CA from CURL_CA_BUNDLE / SSL_CERT_FILE / SSL_CERT_DIR, as the curl CLI does;
    // proxies need nothing here, libcurl reads those variables itself.
    apply_ca_trust(m_curl, m_easy, process_ca_trust());
}

void CurlTransfer::set_response_cap() {
    // Rejects an announced Content-Length above the cap before reading the body; bodies
    // without a length are capped in on_body.
    if (m_request.max_response_bytes <= static_cast<size_t>(INT64_MAX))
        m_curl.easy_setopt(m_easy, CURLOPT_MAXFILESIZE_LARGE,
                           static_cast<curl_off_t>(m_request.max_response_bytes));
}

void CurlTransfer::set_callbacks() {
    m_curl.easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &CurlTransfer::on_header);
    m_curl.easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    m_curl.easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body);
    m_curl.easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
}

void CurlTransfer::set_method_and_body() {
    const std::string& method = m_request.method;
    if (method == "HEAD") {
        m_curl.easy_setopt(m_easy, CURLOPT_NOBODY, 1L);
    } else if (m_request.body.empty() && method != "POST" && method != "PUT" && method != "PATCH") {
        m_curl.easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
        if (method != "GET")
            m_curl.easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    } else {
        // The request outlives the transfer, so curl may point at its body without a copy.
        m_curl.easy_setopt(m_easy, CURLOPT_POSTFIELDS, m_request.body.data());
        m_curl.easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(m_request.body.size()));
        if (method != "POST")
            m_curl.easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
}

size_t CurlTransfer::on_header(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<CurlTransfer*>(self);
    return transfer->take_header_line(std::string_view(data, size * count));
}

size_t CurlTransfer::on_body(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<CurlTransfer*>(self);
    return transfer->take_body(std::string_view(data, size * count));
}

size_t CurlTransfer::take_header_line(std::string_view raw) {
    m_last_activity = Clock::now();
    std::string_view line = raw;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    if (starts_with_status_line(line)) {
        // A new status line starts a new response (after 100 Continue, or a proxy's
        // CONNECT answer): only the final response's headers are reported.
        m_status = parse_status_code(line);
        m_headers.clear();
        m_headers_reported = false;
    } else if (line.empty()) {
        // The blank line ends a header block; an interim (1xx) block is followed by another.
        bool final_block = m_status < 100 || m_status >= 200;
        if (final_block && !m_headers_reported) {
            m_headers_reported = true;
            if (!report_headers())
                return 0;  // curl stops with CURLE_WRITE_ERROR; m_cause says why
        }
    } else if (line.front() == ' ' || line.front() == '\t') {
        // Obsolete line folding: the line continues the previous header's value.
        if (!m_headers.empty())
            m_headers.back().value += " " + std::string(trim(line));
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
        m_headers.push_back(Header{std::string(trim(line.substr(0, colon))),
                                   std::string(trim(line.substr(colon + 1)))});
    }
    return raw.size();
}

bool CurlTransfer::report_headers() {
    if (!m_headers_hook)
        return true;
    try {
        m_headers_hook(m_status, m_headers);
        return true;
    } catch (...) {
        // An exception must not unwind through curl's C frames; treat it as a stop.
        m_cause = AbortCause::callback;
        return false;
    }
}

size_t CurlTransfer::take_body(std::string_view bytes) {
    m_last_activity = Clock::now();
    m_body_bytes += bytes.size();
    if (m_body_bytes > m_request.max_response_bytes) {
        m_cause = AbortCause::size_cap;
        return 0;  // anything but bytes.size() makes curl stop with CURLE_WRITE_ERROR
    }
    // Only a success body is streamed: an error body (429, 400 ...) is kept in
    // HttpResponse::body so the classifier can read it.
    bool stream = m_request.on_body_chunk && m_status >= 200 && m_status < 300;
    if (!stream) {
        m_body.append(bytes);
        return bytes.size();
    }
    bool keep_going = false;
    try {
        keep_going = m_request.on_body_chunk(bytes);
    } catch (...) {
        // An exception must not unwind through curl's C frames; treat it as a stop.
        keep_going = false;
    }
    if (!keep_going) {
        m_cause = AbortCause::callback;
        return 0;
    }
    return bytes.size();
}

std::optional<long> CurlTransfer::idle_remaining_ms(Clock::time_point now) const {
    if (m_request.timeouts.idle.count() <= 0)
        return std::nullopt;
    auto idle_for = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_last_activity);
    return static_cast<long>((m_request.timeouts.idle - idle_for).count());
}

HttpTiming CurlTransfer::read_timing() const {
    HttpTiming timing;
    curl_off_t micros = 0;
    if (m_curl.easy_getinfo(m_easy, CURLINFO_NAMELOOKUP_TIME_T, &micros) == CURLE_OK)
        timing.dns_ms = micros_to_ms(micros);
    if (m_curl.easy_getinfo(m_easy, CURLINFO_CONNECT_TIME_T, &micros) == CURLE_OK)
        timing.connect_ms = micros_to_ms(micros);
    if (m_curl.easy_getinfo(m_easy, CURLINFO_APPCONNECT_TIME_T, &micros) == CURLE_OK)
        timing.tls_ms = micros_to_ms(micros);
    if (m_curl.easy_getinfo(m_easy, CURLINFO_STARTTRANSFER_TIME_T, &micros) == CURLE_OK)
        timing.ttfb_ms = micros_to_ms(micros);
    if (m_curl.easy_getinfo(m_easy, CURLINFO_TOTAL_TIME_T, &micros) == CURLE_OK)
        timing.total_ms = micros_to_ms(micros);
    return timing;
}

int CurlTransfer::current_status() const {
    long status = 0;
    if (m_curl.easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status == 0)
        return m_status;
    return static_cast<int>(status);
}

HttpResult CurlTransfer::finish(CURLcode code) {
    if (m_setup_error)
        return fail(*m_setup_error);
    HttpTiming timing = read_timing();
    int status = current_status();
    if (code == CURLE_OK && m_cause == AbortCause::none)
        return HttpResponse{status, std::move(m_headers), std::move(m_body), timing};

    TransportError::Kind kind = transport_error_kind(code, m_cause);
    std::string detail;
    switch (m_cause) {
        case AbortCause::idle:
            detail = "no bytes for " + std::to_string(m_request.timeouts.idle.count()) + " ms";
            break;
        case AbortCause::size_cap:
            detail = "limit " + std::to_string(m_request.max_response_bytes) + " bytes";
            break;
        case AbortCause::callback:
            break;
        case AbortCause::none:
            detail = m_error_buffer[0] != '\0' ? m_error_buffer : m_curl.easy_strerror(code);
            break;
    }
    if (kind == TransportError::Kind::too_large && m_cause == AbortCause::none)
        detail = "limit " + std::to_string(m_request.max_response_bytes) + " bytes";
    return fail(
        TransportError{kind, transport_error_message(kind, m_cause, detail), timing, status});
}

HttpResult CurlTransfer::cancelled() const {
    return fail(TransportError{TransportError::Kind::aborted, "transfer cancelled", read_timing(),
                               current_status()});
}

}  // namespace lifeline::http::detail
