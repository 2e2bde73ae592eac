#include "client_request.hpp"

namespace failover_proxy {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::translate::Api;

lifeline::Result<ClientRequest> ClientRequest::parse(const Endpoint& endpoint, std::string body,
                                                     const lifeline::Headers& headers) {
    ClientRequest request;
    request.m_api = endpoint.api;
    auto head = lifeline::translate::read_request_head(body);
    if (!head)
        return fail(ErrorCode::invalid_input, "the request body is not a JSON object");
    request.m_head = std::move(*head);
    request.m_body = std::move(body);
    if (endpoint.api == Api::gemini) {
        request.m_model = endpoint.path_model;
        request.m_stream = endpoint.gemini_stream;
        request.m_framing = endpoint.gemini_framing;
    } else {
        if (request.m_head.model.empty())
            return fail(ErrorCode::invalid_input, "the request names no model (field \"model\")");
        request.m_model = request.m_head.model;
        request.m_stream = request.m_head.stream;
    }
    if (auto beta = lifeline::find_header(headers, "anthropic-beta"))
        request.m_anthropic_beta = std::string(*beta);
    return request;
}

std::string ClientRequest::body_for_model(const std::string& upstream_model) const {
    if (m_api == Api::gemini)
        return m_body;
    return lifeline::translate::with_model(m_body, m_head, upstream_model);
}

lifeline::Result<const lifeline::translate::Request*> ClientRequest::neutral() {
    if (!m_neutral) {
        auto decoded = lifeline::translate::decode_request(m_api, m_body, &m_notes);
        if (!decoded)
            return fail(decoded.error());
        m_neutral = std::move(*decoded);
        m_neutral->stream = m_stream;
    }
    return &*m_neutral;
}

}  // namespace failover_proxy
