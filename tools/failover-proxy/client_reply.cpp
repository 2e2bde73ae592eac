#include "client_reply.hpp"

namespace failover_proxy {

using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;

HeaderList stream_headers(Api client, GeminiFraming framing) {
    const bool json_array = client == Api::gemini && framing == GeminiFraming::json_array;
    return {{"content-type", json_array ? "application/json" : "text/event-stream"},
            {"cache-control", "no-cache"}};
}

void ClientReply::start_stream(HeaderList headers) {
    m_committed = true;
    if (m_responder)
        m_responder->start_stream(200, std::move(headers));
    send(std::move(m_held));
    m_held.clear();
}

void ClientReply::send(std::string bytes) {
    m_streamed_bytes += bytes.size();
    if (m_responder && !bytes.empty())
        m_responder->stream_bytes(std::move(bytes));
}

void ClientReply::end_stream() {
    if (m_responder)
        m_responder->end_stream();
}

void ClientReply::answer(std::string body) {
    m_committed = true;
    if (m_responder)
        m_responder->respond(200, {{"content-type", "application/json"}}, std::move(body));
}

void ClientReply::error(int status, HeaderList headers, std::string body) {
    if (m_responder)
        m_responder->respond(status, std::move(headers), std::move(body));
}

}  // namespace failover_proxy
