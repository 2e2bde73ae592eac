#include <lifeline/provider/wire_api.hpp>

namespace lifeline::provider {
namespace {

using config::ProviderKind;

// base_url without a trailing slash, so joins never produce "//".
std::string base_of(const config::ProviderConfig& provider) {
    std::string base = provider.base_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base;
}

std::string api_version_query(const config::ProviderConfig& provider, char separator) {
    if (provider.api_version.empty())
        return "";
    return std::string(1, separator) + "api-version=" + provider.api_version;
}

}  // namespace

const char* to_string(WireApi api) {
    switch (api) {
        case WireApi::chat_completions:
            return "chat_completions";
        case WireApi::responses:
            return "responses";
        case WireApi::anthropic_messages:
            return "anthropic_messages";
        case WireApi::gemini:
            return "gemini";
    }
    return "chat_completions";
}

WireApi native_wire_api(const config::ProviderConfig& provider, const config::ModelConfig* model) {
    switch (provider.kind) {
        case ProviderKind::openai:
            return model == nullptr || model->has_capability("responses")
                       ? WireApi::responses
                       : WireApi::chat_completions;
        case ProviderKind::anthropic:
            return WireApi::anthropic_messages;
        case ProviderKind::gemini:
            return WireApi::gemini;
        case ProviderKind::azure:
        case ProviderKind::openrouter:
        case ProviderKind::openai_compatible:
            return WireApi::chat_completions;
    }
    return WireApi::chat_completions;
}

std::string models_url(const config::ProviderConfig& provider) {
    const std::string base = base_of(provider);
    switch (provider.kind) {
        case ProviderKind::azure:
            return base + "/models" + api_version_query(provider, '?');
        case ProviderKind::anthropic:
            return base + "/v1/models";
        default:
            return base + "/models";
    }
}

std::string generate_url(const config::ProviderConfig& provider, WireApi api,
                         const std::string& model_id, bool stream) {
    const std::string base = base_of(provider);
    switch (api) {
        case WireApi::chat_completions:
            if (provider.kind == ProviderKind::azure) {
                return base + "/deployments/" + model_id + "/chat/completions" +
                       api_version_query(provider, '?');
            }
            return base + "/chat/completions";
        case WireApi::responses:
            return base + "/responses";
        case WireApi::anthropic_messages:
            return base + "/v1/messages";
        case WireApi::gemini:
            return base + "/models/" + model_id +
                   (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }
    return base;
}

Result<std::string> key_info_url(const config::ProviderConfig& provider) {
    if (provider.kind != ProviderKind::openrouter) {
        return fail(ErrorCode::unsupported,
                    std::string("key limits are only available for openrouter, not ") +
                        config::to_string(provider.kind));
    }
    return base_of(provider) + "/key";
}

}  // namespace lifeline::provider
