// Connection, what a request read from the client gets: a local endpoint's answer, an error,
// or — once admitted (admission.hpp) — a RequestFlow. Reading, watching the client, writing
// and closing are in connection.cpp.
#include <boost/asio/post.hpp>
#include <boost/beast/http/verb.hpp>

#include <lifeline/translate/errors.hpp>

#include "admission.hpp"
#include "connection.hpp"
#include "front_desk.hpp"
#include "http_server.hpp"

namespace failover_proxy {

namespace http = boost::beast::http;
using lifeline::FailureClass;
using lifeline::translate::Api;

void Connection::handle(Request request) {
    m_busy = true;
    m_response_done = false;
    m_keep_alive = request.keep_alive();
    const std::string target(request.target());
    const Endpoint endpoint = route_endpoint(std::string(request.method_string()), target);
    lifeline::Headers headers;
    for (const auto& field : request)
        headers.push_back({std::string(field.name_string()), std::string(field.value())});
    Services& services = m_server.m_services;
    switch (endpoint.kind) {
        case EndpointKind::root:
            respond(200, {{"content-type", "text/plain"}},
                    request.method() == http::verb::head ? "" : "lifeline failover-proxy\n");
            return;
        case EndpointKind::healthz:
            respond(200, {{"content-type", "application/json"}}, "{\"status\":\"ok\"}");
            return;
        case EndpointKind::readyz:
            if (m_server.draining())
                respond(503, {{"content-type", "application/json"}}, "{\"status\":\"draining\"}");
            else
                respond(200, {{"content-type", "application/json"}}, "{\"status\":\"ready\"}");
            return;
        case EndpointKind::metrics:
            respond(200, {{"content-type", "text/plain; version=0.0.4"}},
                    services.metrics.render(
                        services.health.circuit_states(std::chrono::system_clock::now()),
                        services.in_flight.load()));
            return;
        case EndpointKind::not_found:
            reply_error(Api::chat, FailureClass::model_not_found,
                        "no such endpoint: " + std::string(request.method_string()) + " " +
                            target.substr(0, target.find('?')));
            return;
        case EndpointKind::wrong_method:
            respond(405, {{"content-type", "application/json"}},
                    "{\"error\":{\"message\":\"method not "
                    "allowed\",\"type\":\"invalid_request_error\"}}");
            return;
        default:
            break;
    }
    if (!m_server.m_token.empty() && !has_token(headers, target, m_server.m_token)) {
        reply_error(endpoint.api, FailureClass::auth,
                    "the lifeline proxy token is missing or wrong: send it as the API key "
                    "(LIFELINE_PROXY_TOKEN from the proxy's ready file, or --auth-token-env)");
        return;
    }
    if (endpoint.kind == EndpointKind::models) {
        const Api shape = models_shape(endpoint, headers);
        respond(200, {{"content-type", "application/json"}},
                models_body(shape, services.snapshot()->config));
        return;
    }
    handle_generate(endpoint, request, headers);
}

void Connection::handle_generate(const Endpoint& endpoint, Request& request,
                                 const lifeline::Headers& headers) {
    Services& services = m_server.m_services;
    // Model calls are what /metrics counts in flight (and what a drain waits for).
    m_counted = true;
    ++services.in_flight;
    auto parsed = parse_model_call(endpoint, std::move(request.body()), headers);
    if (!parsed) {
        reply_error(endpoint.api, parsed.error().failure_class, parsed.error().message);
        return;
    }
    if (endpoint.kind == EndpointKind::count_tokens) {
        respond(200, {{"content-type", "application/json"}},
                count_tokens_body(endpoint.api, parsed->estimated_tokens()));
        return;
    }
    auto snapshot = services.snapshot();
    auto admitted = admit_model_call(
        std::move(*parsed), headers, snapshot->config, services.review_rule, services.review_of,
        [&services](const std::string& session) { return services.sessions.tokens(session); });
    if (!admitted) {
        reply_error(endpoint.api, admitted.error().failure_class, admitted.error().message);
        return;
    }
    RequestRecord record =
        admitted_record(*admitted, "req-" + std::to_string(services.next_request++),
                        std::chrono::system_clock::now());
    m_flow = std::make_shared<RequestFlow>(m_socket.get_executor(), services, m_upstream,
                                           std::move(snapshot), std::move(admitted->request),
                                           std::move(admitted->lane), admitted->session, *this,
                                           std::move(record));
    m_flow->start();
    if (m_flow->finished())
        return;
    // After the turn that sends the request upstream (already queued), so the watch's first
    // read is not on the way of the request.
    boost::asio::post(m_socket.get_executor(), [self = shared_from_this()] {
        if (self->m_busy)
            self->watch_client();
    });
}

void Connection::reply_error(Api api, FailureClass failure_class, const std::string& message) {
    auto rendered = lifeline::translate::render_error(api, failure_class, message);
    m_server.m_services.metrics.request(lifeline::translate::to_string(api), "",
                                        lifeline::to_string(failure_class));
    respond(rendered.status, rendered.headers, rendered.body);
}

}  // namespace failover_proxy
