#pragma once
// One model call as the client sent it: its API, body, model name, whether it streams, and the
// neutral form (decoded only when a candidate needs another API). Parsed once per request;
// every attempt reads it.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/translate/codec.hpp>
#include <lifeline/translate/request_head.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/result.hpp>

#include "endpoint.hpp"

namespace failover_proxy {

class ClientRequest {
  public:
    // Parses `body` for `endpoint` (a generate or count_tokens endpoint). Errors
    // (ErrorCode::invalid_input, shown to the client as a 400): not a JSON object, no model.
    static lifeline::Result<ClientRequest> parse(const Endpoint& endpoint, std::string body,
                                                 const lifeline::Headers& headers);

    lifeline::translate::Api api() const { return m_api; }
    const std::string& model() const { return m_model; }
    bool stream() const { return m_stream; }
    lifeline::translate::GeminiFraming gemini_framing() const { return m_framing; }
    const std::string& body() const { return m_body; }
    // The client's anthropic-beta list (comma-separated, as sent); "" when none.
    const std::string& anthropic_beta() const { return m_anthropic_beta; }
    // A rough count of the request's input tokens (a quarter of its characters), for context
    // windows and budgets; providers count exactly, the proxy only needs the order.
    int64_t estimated_tokens() const { return static_cast<int64_t>(m_body.size() / 4); }

    // The body for an upstream of the same API, its model set to `upstream_model` (Gemini
    // names the model in the URL: the body is unchanged). Only the model's token changes: the
    // rest is the client's bytes as sent.
    std::string body_for_model(const std::string& upstream_model) const;

    // The neutral request, decoded on first use. Errors are the decoder's (invalid_input).
    lifeline::Result<const lifeline::translate::Request*> neutral();
    // What decoding dropped (items no other vendor can use).
    const lifeline::translate::EncodeReport& decode_notes() const { return m_notes; }

  private:
    lifeline::translate::Api m_api = lifeline::translate::Api::chat;
    std::string m_body;
    // Read without decoding; the body passes through as written (OpenAI's structured outputs
    // emit a schema's properties in the order written).
    lifeline::translate::RequestHead m_head;
    std::string m_model;
    bool m_stream = false;
    lifeline::translate::GeminiFraming m_framing = lifeline::translate::GeminiFraming::sse;
    std::string m_anthropic_beta;
    std::optional<lifeline::translate::Request> m_neutral;
    lifeline::translate::EncodeReport m_notes;
};

}  // namespace failover_proxy
