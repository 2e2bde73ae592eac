#pragma once
// HttpTransport: the one door to the network. Logic builds HttpRequests and reads
// HttpResponses; the libcurl implementation lives in http/curl_transport.hpp and tests use
// tests/fakes/fake_transport.hpp.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::http {

// The one header type and lookup (util/headers.hpp), named here for the transport's users.
using lifeline::find_header;
using lifeline::Header;
using lifeline::Headers;

struct Timeouts {
    Duration connect{10'000};  // TCP + TLS handshake
    Duration total{60'000};    // whole request; 0 = no limit
    // No bytes (headers or body) for this long = a hung upstream; counted from the start of
    // the request, so it also bounds the wait for the first byte. Millisecond precision.
    // 0 = off.
    Duration idle{0};
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    Headers headers;
    std::string body;
    Timeouts timeouts;
    // Bodies larger than this are cut and the request fails (TransportError::too_large).
    size_t max_response_bytes = 16 * 1024 * 1024;
    // When set, the body of a 2xx response is handed here as it arrives instead of being
    // collected in HttpResponse::body; return false to abort the transfer
    // (TransportError::aborted). Other statuses keep their (error) body in HttpResponse::body
    // so it can be classified.
    std::function<bool(std::string_view chunk)> on_body_chunk;
    // Loopback-only tests may disable verification; production code never does.
    bool verify_tls = true;
};

// Milliseconds from the start of the request to the end of each phase (curl's timers).
struct HttpTiming {
    double dns_ms = 0;
    double connect_ms = 0;
    double tls_ms = 0;
    double ttfb_ms = 0;
    double total_ms = 0;
};

struct HttpResponse {
    int status = 0;
    Headers headers;   // the final response's headers (after any 100-continue)
    std::string body;  // empty when on_body_chunk consumed it
    HttpTiming timing;

    // The trimmed value of header `name`; nullopt when absent.
    std::optional<std::string> header(std::string_view name) const {
        if (auto value = find_header(headers, name))
            return std::string(*value);
        return std::nullopt;
    }
};

// A request that produced no complete HTTP response.
struct TransportError {
    enum class Kind {
        dns,        // name did not resolve
        connect,    // refused, unreachable
        tls,        // handshake or certificate failure
        timeout,    // connect, total or idle timeout
        reset,      // connection dropped mid-transfer (incl. a truncated body)
        too_large,  // body exceeded max_response_bytes
        aborted,    // on_body_chunk returned false
        invalid,    // bad URL or request
    };
    Kind kind = Kind::connect;
    std::string message;  // one line, no secrets (URLs carry no keys)
    HttpTiming timing;
    int status = 0;  // the status line, when one arrived before the failure

    // The FailureClass this maps to, the one rule every tool uses for a transport fault:
    // dns/connect -> network; reset -> network before a response, stream_broken once a 2xx
    // status line arrived (its body or stream was cut before its end); tls -> tls; timeout ->
    // timeout, also when output had started (no bytes for the idle time is a timeout, whatever
    // came before); too_large/aborted -> stream_broken; invalid -> bad_request.
    FailureClass failure_class() const;
};

const char* to_string(TransportError::Kind kind);

using HttpResult = Result<HttpResponse, TransportError>;

class HttpTransport {
  public:
    virtual ~HttpTransport() = default;
    // Performs one request. Any HTTP status (including 4xx/5xx) is a successful Result;
    // only a missing or incomplete response is a TransportError.
    virtual HttpResult perform(const HttpRequest& request) = 0;
    // Performs all requests concurrently; the results are in the same order as the requests.
    // Wall time is about the slowest request, not the sum.
    virtual std::vector<HttpResult> perform_all(const std::vector<HttpRequest>& requests) = 0;
};

}  // namespace lifeline::http
