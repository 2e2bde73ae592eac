#include <nlohmann/json.hpp>

#include <lifeline/provider/request_builder.hpp>

namespace lifeline::provider {
namespace {

using config::ProviderKind;
using nlohmann::json;

const json& probe_tool_parameters() {
    static const json k_parameters = {
        {"type", "object"},
        {"properties", {{"status", {{"type", "string"}, {"description", "Always \"ok\"."}}}}},
        {"required", json::array({"status"})},
    };
    return k_parameters;
}

constexpr const char* k_tool_description = "Records that the probe reached the model.";
constexpr const char* k_tool_prompt = "Call record_probe_result with status \"ok\".";

std::string prompt_of(const GenerateOptions& options) {
    return options.force_tool ? k_tool_prompt : options.prompt;
}

json chat_body(const config::ProviderConfig& provider, const std::string& model_id,
               const GenerateOptions& options) {
    json body = {{"messages", json::array({{{"role", "user"}, {"content", prompt_of(options)}}})}};
    if (provider.kind != ProviderKind::azure)
        body["model"] = model_id;
    // OpenAI's reasoning models refuse max_tokens; everyone else still expects it.
    body[provider.kind == ProviderKind::openai ? "max_completion_tokens" : "max_tokens"] =
        options.max_tokens;
    if (options.stream) {
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }
    if (options.force_tool) {
        body["tools"] = json::array({{{"type", "function"},
                                      {"function",
                                       {{"name", k_probe_tool_name},
                                        {"description", k_tool_description},
                                        {"parameters", probe_tool_parameters()}}}}});
        body["tool_choice"] = {{"type", "function"}, {"function", {{"name", k_probe_tool_name}}}};
    }
    return body;
}

json responses_body(const std::string& model_id, const GenerateOptions& options) {
    json body = {{"model", model_id},
                 {"input", prompt_of(options)},
                 {"max_output_tokens", std::max(options.max_tokens, 16)},
                 {"store", false}};
    if (options.stream)
        body["stream"] = true;
    if (options.force_tool) {
        body["tools"] = json::array({{{"type", "function"},
                                      {"name", k_probe_tool_name},
                                      {"description", k_tool_description},
                                      {"parameters", probe_tool_parameters()}}});
        body["tool_choice"] = {{"type", "function"}, {"name", k_probe_tool_name}};
    }
    return body;
}

json anthropic_body(const std::string& model_id, const GenerateOptions& options) {
    json body = {{"model", model_id},
                 {"max_tokens", options.max_tokens},
                 {"messages", json::array({{{"role", "user"}, {"content", prompt_of(options)}}})}};
    if (options.stream)
        body["stream"] = true;
    if (options.force_tool) {
        body["tools"] = json::array({{{"name", k_probe_tool_name},
                                      {"description", k_tool_description},
                                      {"input_schema", probe_tool_parameters()}}});
        body["tool_choice"] = {{"type", "tool"}, {"name", k_probe_tool_name}};
    }
    return body;
}

json gemini_body(const GenerateOptions& options) {
    json body = {
        {"contents", json::array({{{"role", "user"},
                                   {"parts", json::array({{{"text", prompt_of(options)}}})}}})},
        {"generationConfig", {{"maxOutputTokens", options.max_tokens}}},
    };
    if (options.force_tool) {
        body["tools"] = json::array(
            {{{"functionDeclarations", json::array({{{"name", k_probe_tool_name},
                                                     {"description", k_tool_description},
                                                     {"parameters", probe_tool_parameters()}}})}}});
        body["toolConfig"] = {
            {"functionCallingConfig",
             {{"mode", "ANY"}, {"allowedFunctionNames", json::array({k_probe_tool_name})}}}};
    }
    return body;
}

}  // namespace

http::Headers request_headers(const config::ProviderConfig& provider,
                              const secret::Secret* credential) {
    http::Headers headers;
    if (credential != nullptr) {
        const std::string value(credential->reveal());
        switch (provider.kind) {
            case ProviderKind::anthropic:
                headers.push_back({"x-api-key", value});
                break;
            case ProviderKind::gemini:
                headers.push_back({"x-goog-api-key", value});
                break;
            case ProviderKind::azure:
                // An Entra ID token from a command is a bearer token; a static key is api-key.
                if (provider.auth.mode == config::AuthConfig::Mode::command) {
                    headers.push_back({"Authorization", "Bearer " + value});
                } else {
                    headers.push_back({"api-key", value});
                }
                break;
            default:
                headers.push_back({"Authorization", "Bearer " + value});
                break;
        }
    }
    if (provider.kind == ProviderKind::anthropic) {
        headers.push_back({"anthropic-version",
                           provider.api_version.empty() ? "2023-06-01" : provider.api_version});
    }
    for (const auto& [name, value] : provider.headers)
        headers.push_back({name, value});
    return headers;
}

http::HttpRequest build_models_request(const config::ProviderConfig& provider,
                                       const secret::Secret* credential) {
    http::HttpRequest request;
    request.method = "GET";
    request.url = models_url(provider);
    request.headers = request_headers(provider, credential);
    return request;
}

std::string generate_body(WireApi api, const config::ProviderConfig& provider,
                          const std::string& model_id, const GenerateOptions& options) {
    switch (api) {
        case WireApi::chat_completions:
            return chat_body(provider, model_id, options).dump();
        case WireApi::responses:
            return responses_body(model_id, options).dump();
        case WireApi::anthropic_messages:
            return anthropic_body(model_id, options).dump();
        case WireApi::gemini:
            return gemini_body(options).dump();
    }
    return "{}";
}

http::HttpRequest build_generate_request(const config::ProviderConfig& provider, WireApi api,
                                         const std::string& model_id,
                                         const GenerateOptions& options,
                                         const secret::Secret* credential) {
    http::HttpRequest request;
    request.method = "POST";
    request.url = generate_url(provider, api, model_id, options.stream);
    request.headers = request_headers(provider, credential);
    request.headers.push_back({"Content-Type", "application/json"});
    if (options.stream)
        request.headers.push_back({"Accept", "text/event-stream"});
    request.body = generate_body(api, provider, model_id, options);
    return request;
}

Result<http::HttpRequest> build_key_info_request(const config::ProviderConfig& provider,
                                                 const secret::Secret* credential) {
    http::HttpRequest request;
    request.method = "GET";
    request.url = LIFELINE_TRY(key_info_url(provider));
    request.headers = request_headers(provider, credential);
    return request;
}

}  // namespace lifeline::provider
