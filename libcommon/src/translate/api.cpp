#include <lifeline/translate/api.hpp>

namespace lifeline::translate {

const char* to_string(Api api) {
    switch (api) {
        case Api::responses:
            return "responses";
        case Api::chat:
            return "chat";
        case Api::messages:
            return "messages";
        case Api::gemini:
            return "gemini";
    }
    return "unknown";
}

std::optional<Api> parse_api(std::string_view id) {
    for (Api api : {Api::responses, Api::chat, Api::messages, Api::gemini}) {
        if (id == to_string(api))
            return api;
    }
    return std::nullopt;
}

const char* to_string(Vendor vendor) {
    switch (vendor) {
        case Vendor::none:
            return "";
        case Vendor::openai:
            return "openai";
        case Vendor::anthropic:
            return "anthropic";
        case Vendor::gemini:
            return "gemini";
    }
    return "";
}

Vendor parse_vendor(std::string_view id) {
    for (Vendor vendor : {Vendor::openai, Vendor::anthropic, Vendor::gemini}) {
        if (id == to_string(vendor))
            return vendor;
    }
    return Vendor::none;
}

Vendor native_vendor(Api api) {
    switch (api) {
        case Api::responses:
            return Vendor::openai;
        case Api::messages:
            return Vendor::anthropic;
        case Api::gemini:
            return Vendor::gemini;
        case Api::chat:
            return Vendor::none;
    }
    return Vendor::none;
}

}  // namespace lifeline::translate
