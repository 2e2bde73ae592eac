#pragma once
// The libcurl implementation of HttpTransport: easy handles for one request, a multi handle
// for perform_all. TLS verification is on unless a request turns it off (loopback tests).

#include <lifeline/http/transport.hpp>

namespace lifeline::http {

class CurlTransport final : public HttpTransport {
  public:
    CurlTransport();
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResult perform(const HttpRequest& request) override;
    std::vector<HttpResult> perform_all(const std::vector<HttpRequest>& requests) override;
};

}  // namespace lifeline::http
