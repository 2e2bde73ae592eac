#include "endpoint.hpp"

namespace failover_proxy {

using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
    return out;
}

Endpoint make(EndpointKind kind, Api api = Api::chat) {
    Endpoint endpoint;
    endpoint.kind = kind;
    endpoint.api = api;
    return endpoint;
}

// A path that exists with another method is wrong_method, else `kind`.
Endpoint expect(std::string_view method, std::string_view wanted, Endpoint endpoint) {
    if (method != wanted)
        endpoint.kind = EndpointKind::wrong_method;
    return endpoint;
}

Endpoint route_gemini(std::string_view method, std::string_view path, std::string_view target) {
    // /v1beta/models/{m}:generateContent | :streamGenerateContent
    constexpr std::string_view prefix = "/v1beta/models/";
    std::string_view rest = path.substr(prefix.size());
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos)
        return make(EndpointKind::not_found);
    const std::string_view verb = rest.substr(colon + 1);
    Endpoint endpoint = make(EndpointKind::generate, Api::gemini);
    endpoint.path_model = url_decode(rest.substr(0, colon));
    if (verb == "streamGenerateContent") {
        endpoint.gemini_stream = true;
        endpoint.gemini_framing = query_parameter(target, "alt") == "sse"
                                      ? GeminiFraming::sse
                                      : GeminiFraming::json_array;
    } else if (verb == "countTokens") {
        endpoint.kind = EndpointKind::count_tokens;
    } else if (verb != "generateContent") {
        return make(EndpointKind::not_found);
    }
    if (endpoint.path_model.empty())
        return make(EndpointKind::not_found);
    return expect(method, "POST", endpoint);
}

}  // namespace

std::string query_parameter(std::string_view target, std::string_view name) {
    const size_t question = target.find('?');
    if (question == std::string_view::npos)
        return {};
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t equals = pair.find('=');
        if (pair.substr(0, equals) == name)
            return equals == std::string_view::npos ? std::string()
                                                    : url_decode(pair.substr(equals + 1));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

Endpoint route_endpoint(std::string_view method, std::string_view target) {
    std::string_view path = target.substr(0, target.find('?'));
    if (path == "/" || path.empty()) {
        if (method == "HEAD" || method == "GET")
            return make(EndpointKind::root);
        return make(EndpointKind::wrong_method);
    }
    if (path == "/healthz")
        return expect(method, "GET", make(EndpointKind::healthz));
    if (path == "/readyz")
        return expect(method, "GET", make(EndpointKind::readyz));
    if (path == "/metrics")
        return expect(method, "GET", make(EndpointKind::metrics));
    if (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    if (path.starts_with("/v1beta/models/"))
        return route_gemini(method, path, target);
    if (path == "/v1beta/models")
        return expect(method, "GET", make(EndpointKind::models, Api::gemini));
    if (path.starts_with("/v1/"))
        path.remove_prefix(3);
    if (path == "/responses")
        return expect(method, "POST", make(EndpointKind::generate, Api::responses));
    if (path == "/chat/completions")
        return expect(method, "POST", make(EndpointKind::generate, Api::chat));
    if (path == "/messages")
        return expect(method, "POST", make(EndpointKind::generate, Api::messages));
    if (path == "/messages/count_tokens")
        return expect(method, "POST", make(EndpointKind::count_tokens, Api::messages));
    if (path == "/models")
        return expect(method, "GET", make(EndpointKind::models, Api::chat));
    return make(EndpointKind::not_found);
}

}  // namespace failover_proxy
