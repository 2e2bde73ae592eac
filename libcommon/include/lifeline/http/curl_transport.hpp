#pragma once
// The libcurl implementation of HttpTransport: each request gets an easy handle, and every
// call drives its handles through a curl multi handle, so perform_all runs requests
// concurrently (wall time ~ the slowest). Multi handles are pooled per transport, which keeps
// connections alive between calls.
//
// Behaviour worth knowing:
// - TLS verification is on unless a request sets verify_tls = false (loopback tests only).
//   It trusts libcurl's default CAs, or those named the way the curl CLI reads them: the PEM
//   bundle in CURL_CA_BUNDLE (else SSL_CERT_FILE) and the hashed directory in SSL_CERT_DIR;
//   unset or empty means the default. Read once per process; a bundle that cannot be read
//   fails each HTTPS request with Kind::tls naming the file.
// - Proxies come from the environment as libcurl reads it: https_proxy/HTTPS_PROXY for https
//   URLs, http_proxy (lower case only) for http, ALL_PROXY for both, and NO_PROXY/no_proxy
//   (host names, domains, IP addresses; "*" = no proxy) to go direct. Upper-case HTTP_PROXY
//   is ignored, as in curl, and loopback is proxied too unless NO_PROXY names it.
// - Redirects are NOT followed: providers do not redirect API calls, and following one would
//   replay auth headers to another host. A 3xx is returned as a response.
// - Timeouts: connect and total via curl; idle = no bytes (headers or body) for that long,
//   counted from the start of the request, checked with millisecond precision.
// - on_body_chunk receives the body of 2xx responses only; other statuses keep their body in
//   HttpResponse::body so it can be classified.
// - Only the final response's headers are reported (interim 100 Continue is dropped).
// - Safe to call from several threads at once; calls never share a connection concurrently.

#include <memory>
#include <mutex>
#include <vector>

#include <lifeline/http/transport.hpp>

namespace lifeline::http {

class CurlTransport final : public HttpTransport {
  public:
    // Cheap: libcurl is loaded and initialised on the first request, once per process
    // (thread-safe). When it cannot be loaded, every request fails with Kind::invalid and a
    // message naming the library and the package to install.
    CurlTransport();
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResult perform(const HttpRequest& request) override;
    std::vector<HttpResult> perform_all(const std::vector<HttpRequest>& requests) override;

  private:
    std::vector<HttpResult> run(const std::vector<const HttpRequest*>& requests);
    void* acquire_multi();
    void release_multi(void* multi);

    std::mutex m_pool_mutex;
    std::vector<void*> m_idle_multis;  // CURLM*, kept opaque so curl.h stays out of headers
};

}  // namespace lifeline::http
