#pragma once
// The HTTP border of rotate-keys: the HTTPS-only URL rule, JSON requests to issuer and store
// APIs, and their error mapping. nlohmann::json never throws past this file's functions.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <lifeline/http/transport.hpp>
#include <lifeline/util/json_fields.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

using Json = nlohmann::json;

// Ok for an https:// URL; with `allow_insecure_loopback` also for http://127.0.0.1,
// http://[::1] and http://localhost (any port). invalid_input naming `what` otherwise.
Status check_url(std::string_view url, bool allow_insecure_loopback, std::string_view what);

struct ApiResponse {
    int status = 0;
    Json body;  // null when the body is empty or not JSON
    http::Headers headers;

    bool ok() const { return status >= 200 && status < 300; }
};

class ApiClient {
  public:
    // `what` names the API in errors ("OpenRouter", "Vault"). `transport` must outlive this.
    ApiClient(http::HttpTransport& transport, std::string what, bool allow_insecure_loopback);

    // One request. A TransportError becomes ErrorCode::unavailable (timeout: ErrorCode::timeout);
    // any HTTP status is returned. invalid_input when the URL breaks the HTTPS rule.
    Result<ApiResponse> call(const std::string& method, const std::string& url,
                             const http::Headers& headers, const std::optional<Json>& body = {});

    // The error for an unexpected status: 401/403 "rejected the credential in $VAR",
    // 429/5xx unavailable (transient), others io; the body's error message is included
    // (provider error bodies carry no secrets; the caller's redactor still passes over it).
    Error status_error(const std::string& action, const ApiResponse& response) const;

    const std::string& what() const { return m_what; }

  private:
    http::HttpTransport& m_transport;
    std::string m_what;
    bool m_allow_insecure_loopback;
};

// True for errors a later rerun may get past (network, 429, 5xx, timeouts, lost races).
bool is_transient_error(const Error& error);

}  // namespace lifeline::rotate
