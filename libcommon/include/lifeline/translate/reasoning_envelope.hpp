#pragma once
// Reasoning state that must survive a trip through a client of another vendor (Anthropic
// thinking signatures, Gemini thought signatures) rides in that client's own opaque field as
// an envelope: "lifeline:v1:" + base64 of {"v": vendor, "s": signature, "t": text, "r": redacted}.
// The next request brings it back and the decoder restores the original; the translator keeps
// no memory between requests.

#include <optional>
#include <string>
#include <string_view>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/model.hpp>

namespace lifeline::translate {

inline constexpr std::string_view k_envelope_prefix = "lifeline:v1:";

// The envelope for `reasoning` (vendor, signature, text, redacted).
std::string wrap_reasoning(const Reasoning& reasoning);

// The reasoning inside an envelope; nullopt when `opaque` is not a well-formed lifeline envelope.
std::optional<Reasoning> unwrap_reasoning(std::string_view opaque);

// What a client of `client` gets in its opaque field for `reasoning`: the raw signature when
// the reasoning is the client's own vendor's, else an envelope; "" when there is no state
// (no vendor and no signature).
std::string opaque_for_client(Api client, const Reasoning& reasoning);

// The reasoning a client of `client` sent back with `opaque` and visible `text`: an envelope is
// unwrapped (its text wins, being exact); anything else is the client vendor's own state.
Reasoning reasoning_from_client(Api client, std::string_view opaque, std::string text);

}  // namespace lifeline::translate
