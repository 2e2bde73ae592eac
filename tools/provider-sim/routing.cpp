#include "routing.hpp"

#include <string_view>

namespace provider_sim {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string bearer(const SimRequest& request) {
    std::string value = request.header("authorization");
    constexpr std::string_view k_prefix = "Bearer ";
    if (value.size() > k_prefix.size() && std::string_view(value).substr(0, 7) == k_prefix) {
        return value.substr(k_prefix.size());
    }
    return {};
}

Route key_route(const SimRequest& request, std::string_view rest, Family family) {
    Route route;
    route.family = family;
    if (!rest.empty() && rest.front() == '/') {
        rest.remove_prefix(1);
    }
    if (rest.empty()) {
        if (request.method == "GET") {
            route.endpoint = Endpoint::keys_list;
        } else if (request.method == "POST") {
            route.endpoint = Endpoint::key_create;
        }
        return route;
    }
    route.id = std::string(rest);
    if (request.method == "GET") {
        route.endpoint = Endpoint::key_get;
    } else if (request.method == "PATCH" && family == Family::openrouter) {
        route.endpoint = Endpoint::key_update;
    } else if (request.method == "DELETE") {
        route.endpoint = Endpoint::key_delete;
    }
    return route;
}

Route gemini_route(const SimRequest& request, std::string_view rest) {
    Route route;
    route.family = Family::gemini;
    if (rest.empty() || rest == "/") {
        route.endpoint = request.method == "GET" ? Endpoint::models_list : Endpoint::not_found;
        return route;
    }
    rest.remove_prefix(1);
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos || request.method != "POST") {
        route.model = std::string(rest);
        route.endpoint = request.method == "GET" ? Endpoint::model_get : Endpoint::not_found;
        return route;
    }
    route.model = std::string(rest.substr(0, colon));
    const std::string_view method = rest.substr(colon + 1);
    if (method == "generateContent" || method == "streamGenerateContent") {
        route.endpoint = Endpoint::inference;
        route.api = Api::gemini_generate;
        route.stream = method == "streamGenerateContent";
    }
    return route;
}

}  // namespace

Route route_request(const SimRequest& request) {
    std::string_view path = request.path;
    const bool post = request.method == "POST";
    const bool get = request.method == "GET";
    Route route;
    if (starts_with(path, "/v1beta/models") ||
        (starts_with(path, "/v1/models/") && path.find(':') != path.npos)) {
        const size_t prefix = starts_with(path, "/v1beta/") ? 14 : 10;
        return gemini_route(request, path.substr(prefix));
    }
    if (starts_with(path, "/api/v1/")) {
        route.family = Family::openrouter;
        std::string_view rest = path.substr(8);
        if (rest == "chat/completions" && post) {
            route.endpoint = Endpoint::inference;
        } else if (rest == "models" && get) {
            route.endpoint = Endpoint::models_list;
        } else if ((rest == "key" || rest == "auth/key") && get) {
            route.endpoint = Endpoint::key_info;
        } else if (rest == "keys" || starts_with(rest, "keys/")) {
            return key_route(request, rest.substr(4), Family::openrouter);
        }
        return route;
    }
    if (starts_with(path, "/openai/deployments/")) {
        route.family = Family::azure;
        std::string_view rest = path.substr(20);
        const size_t slash = rest.find('/');
        if (slash != std::string_view::npos && rest.substr(slash) == "/chat/completions" && post) {
            route.endpoint = Endpoint::inference;
            route.model = std::string(rest.substr(0, slash));
        }
        return route;
    }
    if (starts_with(path, "/v1/organization/admin_api_keys")) {
        return key_route(request, path.substr(31), Family::admin);
    }
    if (path == "/v1/messages" && post) {
        route.family = Family::anthropic;
        route.endpoint = Endpoint::inference;
        route.api = Api::messages;
        return route;
    }
    const bool anthropic = !request.header("anthropic-version").empty();
    if (path == "/v1/models" && get) {
        route.family = anthropic ? Family::anthropic : Family::openai;
        route.endpoint = Endpoint::models_list;
    } else if (starts_with(path, "/v1/models/") && get) {
        route.family = anthropic ? Family::anthropic : Family::openai;
        route.endpoint = Endpoint::model_get;
        route.model = std::string(path.substr(11));
    } else if (path == "/v1/chat/completions" && post) {
        route.endpoint = Endpoint::inference;
    } else if (path == "/v1/responses" && post) {
        route.endpoint = Endpoint::inference;
        route.api = Api::responses;
    }
    return route;
}

std::string extract_key(Family family, const SimRequest& request) {
    switch (family) {
        case Family::azure: {
            std::string key = request.header("api-key");
            return key.empty() ? bearer(request) : key;
        }
        case Family::anthropic: {
            std::string key = request.header("x-api-key");
            return key.empty() ? bearer(request) : key;
        }
        case Family::gemini: {
            std::string key = request.header("x-goog-api-key");
            return key.empty() ? request.query_param("key") : key;
        }
        default:
            return bearer(request);
    }
}

}  // namespace provider_sim
