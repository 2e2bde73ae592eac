#pragma once
// Private to classify: the one border where nlohmann::json meets the classifier. Every
// accessor checks types first (util/json_fields.hpp), so a hostile or malformed document can
// never throw through.

#include <optional>

#include <nlohmann/json.hpp>

#include <lifeline/classify/provider_error.hpp>
#include <lifeline/util/json_fields.hpp>

namespace lifeline::detail {

// Parses without exceptions; a discarded value (is_discarded()) when the text is not JSON.
nlohmann::json parse_json_quietly(std::string_view text);

// The provider error object inside a parsed document (see provider_error.hpp for the shapes);
// nullopt when the document is not an error.
std::optional<ProviderError> find_provider_error(const nlohmann::json& document, int depth = 0);

// Reads one error object ({"message", "code", "type", "status", "details", "metadata"...}).
ProviderError read_error_object(const nlohmann::json& error, int depth = 0);

// Gemini's promptFeedback.blockReason ("SAFETY", "PROHIBITED_CONTENT") of a 200 answer or
// stream item (also inside a JSON array of items); "" when the prompt was not blocked.
std::string find_block_reason(const nlohmann::json& document);

// What a whole body says: its provider error and/or block reason. Never throws.
struct BodyReading {
    std::optional<ProviderError> error;
    std::string block_reason;
};
BodyReading read_body(std::string_view body);

}  // namespace lifeline::detail
