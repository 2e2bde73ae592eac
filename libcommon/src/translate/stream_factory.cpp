#include <lifeline/translate/stream_decoder.hpp>
#include <lifeline/translate/stream_encoder.hpp>

#include "stream_decoders.hpp"

namespace lifeline::translate {

std::unique_ptr<StreamDecoder> make_stream_decoder(Api upstream, GeminiFraming framing) {
    switch (upstream) {
        case Api::responses:
            return detail::make_responses_stream_decoder();
        case Api::chat:
            return detail::make_chat_stream_decoder();
        case Api::messages:
            return detail::make_messages_stream_decoder();
        case Api::gemini:
            return detail::make_gemini_stream_decoder(framing);
    }
    return detail::make_chat_stream_decoder();
}

std::unique_ptr<StreamEncoder> make_stream_encoder(Api client, GeminiFraming framing) {
    switch (client) {
        case Api::responses:
            return detail::make_responses_stream_encoder();
        case Api::chat:
            return detail::make_chat_stream_encoder();
        case Api::messages:
            return detail::make_messages_stream_encoder();
        case Api::gemini:
            return detail::make_gemini_stream_encoder(framing);
    }
    return detail::make_chat_stream_encoder();
}

}  // namespace lifeline::translate
