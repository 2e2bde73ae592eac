// Connection, the client's side of the socket: reading requests, watching for a disconnect
// while one is served, writing answers and streams, closing. What a request gets is decided in
// connection_dispatch.cpp.
#include "connection.hpp"

#include <algorithm>

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

#include <lifeline/translate/errors.hpp>

#include "http_server.hpp"
#include "response_wire.hpp"

namespace failover_proxy {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using lifeline::FailureClass;

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
    std::string out = whole_response(status, headers, body, m_keep_alive && !m_server.draining());
    m_response_done = true;
    queue(std::move(out));
}

void Connection::start_stream(int status, HeaderList headers) {
    queue(stream_head(status, headers, m_keep_alive));
}

void Connection::stream_bytes(std::string bytes) {
    if (bytes.empty())
        return;
    queue(chunk(bytes));
}

void Connection::end_stream() {
    m_response_done = true;
    queue(std::string(k_last_chunk));
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
