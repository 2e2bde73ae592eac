#pragma once
// The per-API halves behind codec.hpp, on JSON already parsed at the border.

#include <string>

#include <lifeline/translate/codec.hpp>

#include "json_border.hpp"

namespace lifeline::translate::detail {

Result<Request> decode_responses_request(const Json& body, EncodeReport& notes);
Result<Request> decode_chat_request(const Json& body, EncodeReport& notes);
Result<Request> decode_messages_request(const Json& body, EncodeReport& notes);
Result<Request> decode_gemini_request(const Json& body, EncodeReport& notes);

std::string encode_responses_request(const Request& request, EncodeReport& report);
std::string encode_chat_request(const Request& request, EncodeReport& report);
std::string encode_messages_request(const Request& request, EncodeReport& report);
std::string encode_gemini_request(const Request& request, EncodeReport& report);

Result<Response> decode_responses_response(const Json& body);
Result<Response> decode_chat_response(const Json& body);
Result<Response> decode_messages_response(const Json& body);
Result<Response> decode_gemini_response(const Json& body);

std::string encode_responses_response(const Response& response);
std::string encode_chat_response(const Response& response);
std::string encode_messages_response(const Response& response);
std::string encode_gemini_response(const Response& response);

// Decoded image content parts shared by the OpenAI decoders: an image_url string or object.
Image image_from_url(const std::string& url);

}  // namespace lifeline::translate::detail
