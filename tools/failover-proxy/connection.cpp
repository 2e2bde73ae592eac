#include "connection.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>

#include <lifeline/translate/errors.hpp>
#include <lifeline/util/time.hpp>

#include "front_desk.hpp"
#include "http_server.hpp"
#include "lane_choice.hpp"
#include "review_rule.hpp"

namespace failover_proxy {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using lifeline::FailureClass;
using lifeline::translate::Api;

namespace {

std::string status_line(int status) {
    const auto reason = http::obsolete_reason(static_cast<http::status>(status));
    return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason.data(), reason.size()) +
           "\r\n";
}

std::string first_header(const lifeline::Headers& headers,
                         std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (auto value = lifeline::find_header(headers, name); value && !value->empty())
            return std::string(*value);
    }
    return {};
}

char hex_digit(size_t value) {
    return "0123456789abcdef"[value & 0xf];
}

std::string chunk_size(size_t size) {
    std::string hex;
    do {
        hex.insert(hex.begin(), hex_digit(size));
        size >>= 4;
    } while (size != 0);
    return hex;
}

}  // namespace

Connection::Connection(boost::asio::ip::tcp::socket socket, HttpServer& server,
                       lifeline::http::AsyncTransport& upstream)
    : m_socket(std::move(socket)),
      m_server(server),
      m_upstream(upstream),
      m_header_timer(m_socket.get_executor()) {
    ++m_server.m_connections;
}

Connection::~Connection() {
    --m_server.m_connections;
    if (m_counted)
        --m_server.m_services.in_flight;
}

void Connection::start() {
    read_request();
}

void Connection::read_request() {
    if (m_closed)
        return;
    m_parser.emplace();
    m_parser->header_limit(64 * 1024);
    m_parser->body_limit(m_server.m_limits.max_body_bytes);
    // Room for a typical request in one read (Beast reads what the buffer has room for, at
    // least 512 bytes): allocated once per connection, not grown 512 bytes at a time.
    m_buffer.reserve(4096);
    arm_header_timer();
    auto self = shared_from_this();
    http::async_read(m_socket, m_buffer, *m_parser,
                     [self](const beast::error_code& error, size_t) { self->on_read(error); });
}

void Connection::arm_header_timer() {
    auto self = shared_from_this();
    m_header_timer.expires_after(m_server.m_limits.header_timeout);
    m_header_timer.async_wait([self](const beast::error_code& error) {
        if (!error && !self->m_busy)
            self->close();
    });
}

void Connection::on_read(beast::error_code error) {
    m_header_timer.cancel();
    if (m_closed)
        return;
    if (error == http::error::body_limit) {
        m_busy = true;
        m_keep_alive = false;
        const Endpoint endpoint = route_endpoint("POST", std::string(m_parser->get().target()));
        auto rendered = lifeline::translate::render_error(
            endpoint.api, FailureClass::bad_request,
            "the request body is larger than the proxy's limit of " +
                std::to_string(m_server.m_limits.max_body_bytes) + " bytes (--max-body)");
        respond(413, rendered.headers, rendered.body);
        return;
    }
    if (error) {
        close();
        return;
    }
    handle(m_parser->release());
}

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
    auto parsed = ClientRequest::parse(endpoint, std::move(request.body()), headers);
    if (!parsed) {
        reply_error(endpoint.api, FailureClass::bad_request, parsed.error().message);
        return;
    }
    if (endpoint.kind == EndpointKind::count_tokens) {
        respond(200, {{"content-type", "application/json"}},
                count_tokens_body(endpoint.api, parsed->estimated_tokens()));
        return;
    }
    auto snapshot = services.snapshot();
    const std::string header_lane = first_header(headers, {"x-lifeline-lane", "x-route-task"});
    auto lane = choose_lane(snapshot->config, parsed->model(), header_lane);
    if (!lane) {
        reply_error(endpoint.api, FailureClass::model_not_found, lane.error().message);
        return;
    }
    auto review = request_review_rule(services.review_rule, services.review_of, headers, *lane);
    if (!review) {
        reply_error(endpoint.api, FailureClass::bad_request, review.error().message);
        return;
    }
    lane->review = std::move(*review);
    const std::string session = first_header(
        headers, {"x-lifeline-session", "x-claude-code-session-id", "session-id", "session_id"});
    const auto& budget = snapshot->config.budget;
    const int64_t tokens = parsed->estimated_tokens();
    if (budget.request_tokens && tokens > *budget.request_tokens) {
        reply_error(endpoint.api, FailureClass::budget_exceeded,
                    "this request (~" + std::to_string(tokens) +
                        " tokens) is over budget.request_tokens (" +
                        std::to_string(*budget.request_tokens) + ") of " + snapshot->config.source +
                        "; raise budget.request_tokens or compact the conversation");
        return;
    }
    if (budget.session_tokens && !session.empty() &&
        services.sessions.tokens(session) >= *budget.session_tokens) {
        reply_error(endpoint.api, FailureClass::budget_exceeded,
                    "session " + session + " has used its budget.session_tokens (" +
                        std::to_string(*budget.session_tokens) + ") of " + snapshot->config.source +
                        "; raise budget.session_tokens or start a new session");
        return;
    }
    RequestRecord record;
    record.id = "req-" + std::to_string(services.next_request++);
    record.time = lifeline::format_rfc3339(std::chrono::system_clock::now(), true);
    record.client_api = lifeline::translate::to_string(endpoint.api);
    record.model = parsed->model();
    record.lane = lane->lane;
    record.session = session;
    record.stream = parsed->stream();
    m_flow = std::make_shared<RequestFlow>(m_socket.get_executor(), services, m_upstream,
                                           std::move(snapshot), std::move(*parsed),
                                           std::move(*lane), session, *this, std::move(record));
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

void Connection::watch_client() {
    if (m_watching || m_closed)
        return;
    m_watching = true;
    auto self = shared_from_this();
    // What the buffer already has room for (read_request reserved it), at least 512 bytes: a
    // held stream does not grow its connection's buffer; a bigger pipelined request is read
    // on by read_request().
    const size_t room = std::max<size_t>(512, m_buffer.capacity() - m_buffer.size());
    m_socket.async_read_some(
        m_buffer.prepare(room),
        [self](const beast::error_code& error, size_t bytes) { self->on_watch(error, bytes); });
}

void Connection::on_watch(const boost::beast::error_code& error, size_t bytes) {
    m_watching = false;
    if (m_closed)
        return;
    if (!error) {
        m_buffer.commit(bytes);  // the next request (pipelined, or sent after the answer)
        if (!m_busy)
            read_request();
        return;
    }
    if (error == boost::asio::error::operation_aborted) {
        read_request();  // response_done() stopped the watch: a request is buffered
        return;
    }
    if (m_flow)
        m_flow->cancel();
    close();
}

void Connection::respond(int status, HeaderList headers, std::string body) {
    std::string out = status_line(status);
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "content-length: " + std::to_string(body.size()) + "\r\n";
    out += m_keep_alive && !m_server.draining() ? "connection: keep-alive\r\n\r\n"
                                                : "connection: close\r\n\r\n";
    out += body;
    m_response_done = true;
    queue(std::move(out));
}

void Connection::start_stream(int status, HeaderList headers) {
    std::string out = status_line(status);
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "transfer-encoding: chunked\r\n";
    out += m_keep_alive ? "connection: keep-alive\r\n\r\n" : "connection: close\r\n\r\n";
    queue(std::move(out));
}

void Connection::stream_bytes(std::string bytes) {
    if (bytes.empty())
        return;
    std::string out = chunk_size(bytes.size());
    out += "\r\n";
    out += bytes;
    out += "\r\n";
    queue(std::move(out));
}

void Connection::end_stream() {
    m_response_done = true;
    queue("0\r\n\r\n");
}

void Connection::queue(std::string bytes) {
    if (m_closed)
        return;
    if (m_pending.empty())
        m_pending = std::move(bytes);
    else
        m_pending += bytes;
    write_next();
}

void Connection::write_next() {
    if (m_write_in_progress || m_closed)
        return;
    if (m_pending.empty()) {
        if (m_response_done && m_busy)
            response_done();
        return;
    }
    m_writing.swap(m_pending);
    m_pending.clear();
    m_write_in_progress = true;
    auto self = shared_from_this();
    boost::asio::async_write(m_socket, boost::asio::buffer(m_writing),
                             [self](const beast::error_code& error, size_t) {
                                 self->m_write_in_progress = false;
                                 if (error) {
                                     if (self->m_flow)
                                         self->m_flow->cancel();
                                     self->close();
                                     return;
                                 }
                                 self->write_next();
                             });
}

void Connection::response_done() {
    m_busy = false;
    m_response_done = false;
    m_flow.reset();
    if (m_counted) {
        m_counted = false;
        --m_server.m_services.in_flight;
    }
    if (!m_keep_alive || m_draining || m_server.draining()) {
        close();
        return;
    }
    if (m_watching && m_buffer.size() == 0) {
        // The watch's read goes on as the wait for the next request: no second read, and no
        // system call, until the client sends one.
        arm_header_timer();
        return;
    }
    if (m_watching) {
        // A pipelined request is already buffered: stop the watch; its handler reads it.
        beast::error_code ignored;
        m_socket.cancel(ignored);
        return;
    }
    read_request();
}

void Connection::drain() {
    m_draining = true;
    if (!m_busy)
        close();
}

void Connection::abort() {
    if (m_flow && !m_flow->finished()) {
        m_keep_alive = false;
        m_flow->abort_for_shutdown();
        return;
    }
    if (!m_busy)
        close();
}

void Connection::close() {
    if (m_closed)
        return;
    m_closed = true;
    if (m_flow && !m_flow->finished())
        m_flow->cancel();
    beast::error_code ignored;
    m_header_timer.cancel();
    m_socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    m_socket.close(ignored);
    m_server.forget(this);
}

}  // namespace failover_proxy
