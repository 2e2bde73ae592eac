#pragma once
// One client connection of HttpServer (see http_server.hpp). Everything runs on the
// connection's event loop, which one thread runs.

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <lifeline/http/async_transport.hpp>

#include "endpoint.hpp"
#include "request_flow.hpp"
#include "responder.hpp"

namespace failover_proxy {

class HttpServer;

class Connection final : public std::enable_shared_from_this<Connection>, public Responder {
  public:
    // `upstream` is the transport of the loop `socket` belongs to.
    Connection(boost::asio::ip::tcp::socket socket, HttpServer& server,
               lifeline::http::AsyncTransport& upstream);
    ~Connection() override;

    void start();
    boost::asio::any_io_executor executor() { return m_socket.get_executor(); }
    // Drain: close now when idle, else after the current request.
    void drain();
    // Shutdown: end the request in flight (error event or error answer) and close.
    void abort();
    // Shutdown after the loops stopped: close at once, whatever is in flight.
    void shut() { close(); }

    // Responder
    void respond(int status, HeaderList headers, std::string body) override;
    void start_stream(int status, HeaderList headers) override;
    void stream_bytes(std::string bytes) override;
    void end_stream() override;

  private:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;

    void read_request();
    // Closes the connection unless a request has been read within the header timeout: the
    // limit for a slow client and for an idle kept-alive connection.
    void arm_header_timer();
    void on_read(boost::beast::error_code error);
    void handle(Request request);
    void handle_generate(const Endpoint& endpoint, Request& request,
                         const lifeline::Headers& headers);
    void reply_error(lifeline::translate::Api api, lifeline::FailureClass failure_class,
                     const std::string& message);
    // Reads while a request is served: a disconnect cancels the request; bytes read are the
    // next request, parsed once this one is answered. The read stays in progress after the
    // answer and then waits for the next request.
    void watch_client();
    void on_watch(const boost::beast::error_code& error, size_t bytes);
    void queue(std::string bytes);
    void write_next();
    void response_done();
    void close();

    boost::asio::ip::tcp::socket m_socket;
    HttpServer& m_server;
    lifeline::http::AsyncTransport& m_upstream;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    boost::asio::steady_timer m_header_timer;
    std::shared_ptr<RequestFlow> m_flow;
    std::string m_pending;  // bytes queued while a write is in progress
    std::string m_writing;  // the bytes of the write in progress
    bool m_write_in_progress = false;
    bool m_busy = false;           // a request is being served
    bool m_response_done = false;  // its last byte is queued
    bool m_keep_alive = true;
    bool m_watching = false;  // watch_client's read is in progress
    bool m_closed = false;
    bool m_draining = false;
    bool m_counted = false;  // holds one of the server's in-flight slots
};

}  // namespace failover_proxy
