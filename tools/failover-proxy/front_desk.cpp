#include "front_desk.hpp"

#include <nlohmann/json.hpp>

#include <lifeline/util/strings.hpp>

#include "lane_choice.hpp"

namespace failover_proxy {

using lifeline::translate::Api;

namespace {

bool same_secret(std::string_view given, std::string_view token) {
    if (given.size() != token.size())
        return false;
    unsigned char difference = 0;
    for (size_t i = 0; i < token.size(); ++i)
        difference |= static_cast<unsigned char>(given[i] ^ token[i]);
    return difference == 0;
}

}  // namespace

bool has_token(const lifeline::Headers& headers, std::string_view target, std::string_view token) {
    // Every place is checked: an agent may carry another credential of its own in one of them
    // (Claude Code sends both x-api-key and Authorization when both of its variables are set).
    bool found = false;
    if (auto value = lifeline::find_header(headers, "authorization")) {
        std::string_view text = *value;
        if (text.size() > 7 && lifeline::iequals(text.substr(0, 7), "bearer "))
            found |= same_secret(lifeline::trim(text.substr(7)), token);
    }
    for (const char* name : {"x-api-key", "x-goog-api-key"}) {
        if (auto value = lifeline::find_header(headers, name); value && !value->empty())
            found |= same_secret(*value, token);
    }
    const std::string key = query_parameter(target, "key");
    if (!key.empty())
        found |= same_secret(key, token);
    return found;
}

Api models_shape(const Endpoint& endpoint, const lifeline::Headers& headers) {
    if (endpoint.api == Api::gemini)
        return Api::gemini;
    if (lifeline::find_header(headers, "anthropic-version"))
        return Api::messages;
    return Api::chat;
}

std::string models_body(Api shape, const lifeline::config::Config& config) {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& name : nameable_models(config)) {
        switch (shape) {
            case Api::messages:
                list.push_back({{"type", "model"},
                                {"id", name},
                                {"display_name", name},
                                {"created_at", "1970-01-01T00:00:00Z"}});
                break;
            case Api::gemini:
                list.push_back({{"name", "models/" + name},
                                {"displayName", name},
                                {"supportedGenerationMethods",
                                 {"generateContent", "streamGenerateContent", "countTokens"}}});
                break;
            default:
                list.push_back(
                    {{"id", name}, {"object", "model"}, {"created", 0}, {"owned_by", "lifeline"}});
                break;
        }
    }
    nlohmann::json body;
    if (shape == Api::messages) {
        body = {{"data", list}, {"has_more", false}, {"first_id", nullptr}, {"last_id", nullptr}};
        if (!list.empty()) {
            body["first_id"] = list.front()["id"];
            body["last_id"] = list.back()["id"];
        }
    } else if (shape == Api::gemini) {
        body = {{"models", list}};
    } else {
        body = {{"object", "list"}, {"data", list}};
    }
    return body.dump();
}

std::string count_tokens_body(Api api, int64_t tokens) {
    if (api == Api::gemini)
        return nlohmann::json{{"totalTokens", tokens}}.dump();
    return nlohmann::json{{"input_tokens", tokens}}.dump();
}

}  // namespace failover_proxy
