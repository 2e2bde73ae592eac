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
    if (api == Api::gemini_generate) {
        parsed.gemini_sse = request.query_param("alt") == "sse";
    }
    return parsed;
}

}  // namespace provider_sim
