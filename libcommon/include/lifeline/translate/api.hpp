#pragma once
// The four wire APIs translate speaks, and the vendor whose signed reasoning each one carries.

#include <optional>
#include <string_view>

namespace lifeline::translate {

enum class Api {
    responses,  // OpenAI Responses (/v1/responses)
    chat,       // OpenAI Chat Completions (/v1/chat/completions and compatible servers)
    messages,   // Anthropic Messages (/v1/messages)
    gemini,     // Gemini generateContent / streamGenerateContent
};

// "responses", "chat", "messages", "gemini".
const char* to_string(Api api);

// The Api for one of the ids above; nullopt for anything else.
std::optional<Api> parse_api(std::string_view id);

// Who signed or encrypted a piece of reasoning state. Only the vendor that made it can read it.
enum class Vendor { none, openai, anthropic, gemini };

// "", "openai", "anthropic", "gemini".
const char* to_string(Vendor vendor);

// The Vendor for an id above; Vendor::none for anything else.
Vendor parse_vendor(std::string_view id);

// The vendor whose reasoning state an upstream of `api` accepts: responses -> openai,
// messages -> anthropic, gemini -> gemini, chat -> none (Chat carries no signed reasoning).
Vendor native_vendor(Api api);

}  // namespace lifeline::translate
