// A whole upstream response of one wire API (the first byte) decoded, custom tool calls
// restored, then encoded for every client API.

#include <lifeline/translate/codec.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_translate_response(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const auto api = static_cast<translate::Api>(input.byte() % 4);
    auto response = translate::decode_response(api, input.rest());
    if (!response)
        return 0;
    translate::restore_custom_tool_calls(*response, {"apply_patch", "exec"});
    for (const auto client : {translate::Api::responses, translate::Api::chat,
                              translate::Api::messages, translate::Api::gemini}) {
        const std::string body = translate::encode_response(client, *response);
        LIFELINE_FUZZ_CHECK(!body.empty());
    }
    return 0;
}

}  // namespace lifeline::fuzz
