#pragma once
// The per-API halves behind codec.hpp. Decoders read a body already parsed at the border
// (json_reader.hpp); encoders build text.

#include <string>

#include <lifeline/translate/codec.hpp>

#include "json_border.hpp"
#include "json_reader.hpp"

namespace lifeline::translate::detail {

Result<Request> decode_responses_request(JsonView body, EncodeReport& notes);
Result<Request> decode_chat_request(JsonView body, EncodeReport& notes);
Result<Request> decode_messages_request(JsonView body, EncodeReport& notes);
Result<Request> decode_gemini_request(JsonView body, EncodeReport& notes);

std::string encode_responses_request(const Request& request, EncodeReport& report);
std::string encode_chat_request(const Request& request, EncodeReport& report);
std::string encode_messages_request(const Request& request, EncodeReport& report);
std::string encode_gemini_request(const Request& request, EncodeReport& report);

Result<Response> decode_responses_response(JsonView body);
Result<Response> decode_chat_response(JsonView body);
Result<Response> decode_messages_response(JsonView body);
Result<Response> decode_gemini_response(JsonView body);

std::string encode_responses_response(const Response& response);
std::string encode_chat_response(const Response& response);
std::string encode_messages_response(const Response& response);
std::string encode_gemini_response(const Response& response);

// Decoded image content parts shared by the OpenAI decoders: an image_url string or object.
Image image_from_url(const std::string& url);

}  // namespace lifeline::translate::detail
