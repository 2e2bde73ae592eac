// An upstream stream turned into a client stream: the first byte picks the upstream API (bits
// 0-1), the client API (bits 2-3), the Gemini framings (bits 4, 5) and whether the request had
// custom tools (bit 6); the second byte the chunk size the bytes arrive in. The stream is fed
// until the translator reports a malformed event, then finished.

#include <lifeline/translate/stream_translator.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_stream_translator(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const uint8_t selector = input.byte();
    const size_t chunk = 1 + input.byte();
    const std::string_view stream = input.rest();

    const auto upstream = static_cast<translate::Api>(selector & 0x3);
    const auto client = static_cast<translate::Api>((selector >> 2) & 0x3);
    translate::StreamTranslatorOptions options;
    options.upstream_framing =
        (selector & 0x10) ? translate::GeminiFraming::json_array : translate::GeminiFraming::sse;
    options.client_framing =
        (selector & 0x20) ? translate::GeminiFraming::json_array : translate::GeminiFraming::sse;
    if (selector & 0x40)
        options.custom_tool_names = {"apply_patch"};
    translate::StreamTranslator translator(upstream, client, options);

    std::string out;
    bool broken = false;
    for (size_t at = 0; at < stream.size() && !broken; at += chunk)
        broken = !translator.feed(stream.substr(at, chunk), out);
    if (!broken)
        (void)translator.finish(out);
    LIFELINE_FUZZ_CHECK(translator.ended() || !broken);
    return 0;
}

}  // namespace lifeline::fuzz
