#pragma once
// Standard base64 (RFC 4648, with padding) for reasoning envelopes.

#include <optional>
#include <string>
#include <string_view>

namespace lifeline::translate::detail {

std::string base64_encode(std::string_view bytes);

// The bytes; nullopt for characters outside the alphabet or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace lifeline::translate::detail
