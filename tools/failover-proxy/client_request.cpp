#include "client_request.hpp"

namespace failover_proxy {

using lifeline::ErrorCode;
using lifeline::fail;
using lifeline::translate::Api;

lifeline::Result<ClientRequest> ClientRequest::parse(const Endpoint& endpoint, std::string body,
                                                     const lifeline::Headers& headers) {
    ClientRequest request;
    request.m_api = endpoint.api;
    request.m_json = nlohmann::ordered_json::parse(body, nullptr, false);
    if (request.m_json.is_discarded() || !request.m_json.is_object())
        return fail(ErrorCode::invalid_input, "the request body is not a JSON object");
    request.m_body = std::move(body);
    if (endpoint.api == Api::gemini) {
        request.m_model = endpoint.path_model;
        request.m_stream = endpoint.gemini_stream;
        request.m_framing = endpoint.gemini_framing;
    } else {
        const auto model = request.m_json.find("model");
        if (model == request.m_json.end() || !model->is_string() ||
            model->get_ref<const std::string&>().empty())
            return fail(ErrorCode::invalid_input, "the request names no model (field \"model\")");
        request.m_model = model->get<std::string>();
        const auto stream = request.m_json.find("stream");
        request.m_stream =
            stream != request.m_json.end() && stream->is_boolean() && stream->get<bool>();
    }
    if (auto beta = lifeline::find_header(headers, "anthropic-beta"))
        request.m_anthropic_beta = std::string(*beta);
    return request;
}

std::string ClientRequest::body_for_model(const std::string& upstream_model) const {
    if (m_api == Api::gemini)
        return m_body;
    nlohmann::ordered_json copy = m_json;
    copy["model"] = upstream_model;
    return copy.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
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
