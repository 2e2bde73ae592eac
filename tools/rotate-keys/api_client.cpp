#include "api_client.hpp"

#include <lifeline/util/strings.hpp>

namespace lifeline::rotate {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// The host of an http(s) URL, with brackets kept for IPv6 ("[::1]").
std::string_view url_host(std::string_view url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return {};
    std::string_view rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const size_t at = rest.rfind('@'); at != std::string_view::npos)
        rest = rest.substr(at + 1);
    if (starts_with(rest, "[")) {
        const size_t close = rest.find(']');
        return close == std::string_view::npos ? std::string_view{} : rest.substr(0, close + 1);
    }
    return rest.substr(0, rest.find(':'));
}

std::string error_message_of(const Json& body) {
    if (!body.is_object())
        return {};
    if (auto it = body.find("error"); it != body.end()) {
        if (it->is_string())
            return it->get<std::string>();
        if (it->is_object())
            return json_string(*it, "message");
    }
    if (auto it = body.find("errors");
        it != body.end() && it->is_array() && !it->empty() && (*it)[0].is_string())
        return (*it)[0].get<std::string>();
    if (auto it = body.find("message"); it != body.end()) {
        if (it->is_string())
            return it->get<std::string>();
        return it->dump();
    }
    return {};
}

}  // namespace

Status check_url(std::string_view url, bool allow_insecure_loopback, std::string_view what) {
    if (starts_with(url, "https://") && !url_host(url).empty())
        return {};
    if (starts_with(url, "http://")) {
        const std::string_view host = url_host(url);
        const bool loopback = host == "127.0.0.1" || host == "[::1]" || host == "localhost";
        if (loopback && allow_insecure_loopback)
            return {};
        if (loopback)
            return fail(ErrorCode::invalid_input,
                        std::string(what) + " URL " + std::string(url) +
                            " is plain http: use https (or --allow-insecure-loopback in tests)");
    }
    return fail(ErrorCode::invalid_input,
                std::string(what) + " URL " + std::string(url) + " must be https://");
}

ApiClient::ApiClient(http::HttpTransport& transport, std::string what, bool allow_insecure_loopback)
    : m_transport(transport),
      m_what(std::move(what)),
      m_allow_insecure_loopback(allow_insecure_loopback) {}

Result<ApiResponse> ApiClient::call(const std::string& method, const std::string& url,
                                    const http::Headers& headers, const std::optional<Json>& body) {
    LIFELINE_TRY_VOID(check_url(url, m_allow_insecure_loopback, m_what));
    http::HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = headers;
    request.headers.push_back({"Accept", "application/json"});
    if (body) {
        request.body = body->dump();
        request.headers.push_back({"Content-Type", "application/json"});
    }
    request.timeouts.total = Duration{30'000};
    request.max_response_bytes = 4 * 1024 * 1024;
    http::HttpResult result = m_transport.perform(request);
    // The request body may hold a key (a store write): wipe our copy before it is freed.
    std::fill(request.body.begin(), request.body.end(), '\0');
    if (!result) {
        const http::TransportError& error = result.error();
        const ErrorCode code =
            error.kind == http::TransportError::Kind::timeout
                ? ErrorCode::timeout
                : (error.kind == http::TransportError::Kind::invalid ? ErrorCode::invalid_input
                                                                     : ErrorCode::unavailable);
        return fail(code, m_what + ": " + method + " " + url + ": " + to_string(error.kind) + ": " +
                              error.message);
    }
    ApiResponse response;
    response.status = result->status;
    response.headers = result->headers;
    if (!result->body.empty())
        response.body = try_parse_json(result->body).value_or(Json());
    return response;
}

Error ApiClient::status_error(const std::string& action, const ApiResponse& response) const {
    std::string message = m_what + ": " + action + ": HTTP " + std::to_string(response.status);
    const std::string detail = error_message_of(response.body);
    if (!detail.empty())
        message += ": " + std::string(trim(detail.substr(0, 300)));
    ErrorCode code = ErrorCode::io;
    if (response.status == 401 || response.status == 403)
        message += " (the credential was rejected)";
    else if (response.status == 429 || response.status >= 500)
        code = ErrorCode::unavailable;
    else if (response.status == 404)
        code = ErrorCode::not_found;
    else if (response.status == 409 || response.status == 412)
        code = ErrorCode::conflict;
    return make_error(code, message);
}

bool is_transient_error(const Error& error) {
    return error.code == ErrorCode::unavailable || error.code == ErrorCode::timeout ||
           error.code == ErrorCode::conflict;
}

}  // namespace lifeline::rotate
