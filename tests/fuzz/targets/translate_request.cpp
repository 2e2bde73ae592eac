// A client request body of one wire API (the first byte) decoded into the neutral model, then
// encoded for every upstream API, as failover-proxy does when a candidate speaks another one.

#include <lifeline/translate/codec.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_translate_request(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const auto api = static_cast<translate::Api>(input.byte() % 4);
    translate::EncodeReport notes;
    const auto request = translate::decode_request(api, input.rest(), &notes);
    if (!request)
        return 0;
    (void)translate::custom_tool_names(*request);
    for (const auto upstream : {translate::Api::responses, translate::Api::chat,
                                translate::Api::messages, translate::Api::gemini}) {
        translate::EncodeReport report;
        const std::string body = translate::encode_request(upstream, *request, report);
        LIFELINE_FUZZ_CHECK(!body.empty());
    }
    return 0;
}

}  // namespace lifeline::fuzz
