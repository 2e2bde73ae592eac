#include <lifeline/translate/reasoning_envelope.hpp>

#include "base64.hpp"
#include "json_border.hpp"
#include "json_reader.hpp"

namespace lifeline::translate {

using detail::Json;

std::string wrap_reasoning(const Reasoning& reasoning) {
    Json payload = {
        {"v", to_string(reasoning.vendor)}, {"s", reasoning.signature}, {"t", reasoning.text}};
    if (reasoning.redacted)
        payload["r"] = true;
    if (!reasoning.id.empty())
        payload["i"] = reasoning.id;
    return std::string(k_envelope_prefix) + detail::base64_encode(detail::dump_json(payload));
}

std::optional<Reasoning> unwrap_reasoning(std::string_view opaque) {
    if (opaque.substr(0, k_envelope_prefix.size()) != k_envelope_prefix)
        return std::nullopt;
    std::optional<std::string> bytes =
        detail::base64_decode(opaque.substr(k_envelope_prefix.size()));
    if (!bytes)
        return std::nullopt;
    detail::JsonDocument document;
    Result<detail::JsonView> parsed = document.parse(*bytes, "reasoning envelope");
    if (!parsed || !parsed->is_object())
        return std::nullopt;
    detail::JsonView payload = *parsed;
    Reasoning reasoning;
    reasoning.vendor = parse_vendor(detail::string_at(payload, "v"));
    reasoning.signature = detail::string_at(payload, "s");
    reasoning.text = detail::string_at(payload, "t");
    reasoning.redacted = detail::bool_at(payload, "r").value_or(false);
    reasoning.id = detail::string_at(payload, "i");
    return reasoning;
}

std::string opaque_for_client(Api client, const Reasoning& reasoning) {
    if (reasoning.vendor == Vendor::none && reasoning.signature.empty())
        return {};
    if (reasoning.vendor == native_vendor(client) && reasoning.vendor != Vendor::none)
        return reasoning.signature;
    return wrap_reasoning(reasoning);
}

Reasoning reasoning_from_client(Api client, std::string_view opaque, std::string text) {
    if (std::optional<Reasoning> restored = unwrap_reasoning(opaque))
        return *restored;
    Reasoning reasoning;
    reasoning.text = std::move(text);
    if (!opaque.empty()) {
        reasoning.vendor = native_vendor(client);
        reasoning.signature = std::string(opaque);
    }
    return reasoning;
}

}  // namespace lifeline::translate
