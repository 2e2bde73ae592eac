#include "inference.hpp"

#include <nlohmann/json.hpp>

namespace provider_sim {

namespace {

int64_t string_chars(const nlohmann::json& value) {
    if (value.is_string()) {
        return static_cast<int64_t>(value.get_ref<const std::string&>().size());
    }
    int64_t total = 0;
    if (value.is_object() || value.is_array()) {
        for (const auto& item : value) {
            total += string_chars(item);
        }
    }
    return total;
}

bool has_part(const nlohmann::json& parts, const char* field, const char* value) {
    if (!parts.is_array()) {
        return false;
    }
    for (const auto& part : parts) {
        if (!part.is_object()) {
            continue;
        }
        auto it = part.find(field);
        if (it == part.end()) {
            continue;
        }
        // value == nullptr: the field's presence is enough (Gemini's functionResponse).
        if (value == nullptr || (it->is_string() && *it == value)) {
            return true;
        }
    }
    return false;
}

const nlohmann::json* last_item(const nlohmann::json& body, const char* field) {
    auto it = body.find(field);
    if (it == body.end() || !it->is_array() || it->empty()) {
        return nullptr;
    }
    return &it->back();
}

bool ends_with_tool_result(Api api, const nlohmann::json& body) {
    switch (api) {
        case Api::chat: {
            const nlohmann::json* last = last_item(body, "messages");
            return last && last->is_object() && last->value("role", "") == "tool";
        }
        case Api::responses: {
            const nlohmann::json* last = last_item(body, "input");
            if (!last || !last->is_object()) {
                return false;
            }
            const std::string type = last->value("type", "");
            return type == "function_call_output" || type == "custom_tool_call_output";
        }
        case Api::messages: {
            const nlohmann::json* last = last_item(body, "messages");
            return last && last->is_object() && last->contains("content") &&
                   has_part((*last)["content"], "type", "tool_result");
        }
        case Api::gemini_generate: {
            const nlohmann::json* last = last_item(body, "contents");
            return last && last->is_object() && last->contains("parts") &&
                   has_part((*last)["parts"], "functionResponse", nullptr);
        }
    }
    return false;
}

}  // namespace

lifeline::Result<InferenceRequest> parse_inference_request(Api api, Family family,
                                                           const SimRequest& request,
                                                           const std::string& path_model) {
    // The one border around nlohmann::json's parser for request bodies: parse without
    // exceptions and report a malformed body as a provider would.
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return lifeline::fail(lifeline::ErrorCode::parse,
                              "We could not parse the JSON body of your request.");
    }
    InferenceRequest parsed;
    parsed.api = api;
    parsed.family = family;
    parsed.model = path_model;
    if (auto it = body.find("model"); it != body.end() && it->is_string()) {
        if (parsed.model.empty()) {
            parsed.model = it->get<std::string>();
        }
        parsed.prompt_chars -= static_cast<int64_t>(it->get_ref<const std::string&>().size());
    }
    parsed.prompt_chars += string_chars(body);
    if (auto it = body.find("stream"); it != body.end() && it->is_boolean()) {
        parsed.stream = it->get<bool>();
    }
    if (auto it = body.find("stream_options"); it != body.end() && it->is_object()) {
        parsed.include_usage = it->value("include_usage", false);
    }
    if (auto it = body.find("tools"); it != body.end() && it->is_array() && !it->empty()) {
        parsed.has_tools = true;
    }
    parsed.ends_with_tool_result = ends_with_tool_result(api, body);
    if (api == Api::gemini_generate) {
        parsed.gemini_sse = request.query_param("alt") == "sse";
    }
    return parsed;
}

}  // namespace provider_sim
