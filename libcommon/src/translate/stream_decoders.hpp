#pragma once
// The per-API stream decoders and encoders behind make_stream_decoder / make_stream_encoder.

#include <memory>

#include <lifeline/translate/stream_decoder.hpp>
#include <lifeline/translate/stream_encoder.hpp>

#include "stream_decode_support.hpp"

namespace lifeline::translate::detail {

std::unique_ptr<StreamDecoder> make_responses_stream_decoder();
std::unique_ptr<StreamDecoder> make_chat_stream_decoder();
std::unique_ptr<StreamDecoder> make_messages_stream_decoder();
std::unique_ptr<StreamDecoder> make_gemini_stream_decoder(GeminiFraming framing);

std::unique_ptr<StreamEncoder> make_responses_stream_encoder();
std::unique_ptr<StreamEncoder> make_chat_stream_encoder();
std::unique_ptr<StreamEncoder> make_messages_stream_encoder();
std::unique_ptr<StreamEncoder> make_gemini_stream_encoder(GeminiFraming framing);

}  // namespace lifeline::translate::detail
