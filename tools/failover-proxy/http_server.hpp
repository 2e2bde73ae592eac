#pragma once
// The proxy's HTTP/1.1 front: an acceptor on loop 0 and one Connection per client on
// Boost.Beast, handed to the event loops in turn (event_loops.hpp). A connection reads
// a request (header timeout, body cap), checks the token, answers the local endpoints itself
// and hands model calls to a RequestFlow; streams go out chunked as they arrive. While a
// request is in flight the connection watches its socket, so a client that disconnects
// cancels the upstream at once.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "event_loops.hpp"
#include "services.hpp"

namespace failover_proxy {

struct ServerLimits {
    size_t max_body_bytes = 32u << 20;
    lifeline::Duration header_timeout{30'000};  // a client must send its request head by then
    int max_connections = 1024;
};

class Connection;

class HttpServer {
  public:
    // `loops` and `services` must outlive the server. `token` empty = no token required
    // (--no-auth).
    HttpServer(Loops& loops, Services& services, ServerLimits limits, std::string token);

    // Binds `endpoint` and starts accepting. Errors: ErrorCode::io with the address.
    lifeline::Status listen(const boost::asio::ip::tcp::endpoint& endpoint);
    // Starts accepting on `fd`, a socket already bound and listening (listen_socket.hpp); the
    // server owns it from now on. Errors: ErrorCode::io.
    lifeline::Status adopt(int fd);
    unsigned short port() const;

    // Stops accepting and closes idle keep-alive connections; busy ones close after their
    // current request. Ready checks answer 503 from now on.
    void begin_drain();
    // Requests still being served.
    int busy() const;
    // Ends every request still in flight: an open stream gets the client's error event, a
    // request that has not answered gets a 503-class error. Then closes every connection.
    void abort_all();
    // Closes every connection (its request, if any, is cancelled). For shutdown, after the loops
    // stopped: run the loop once more so the closed connections' handlers finish while the
    // server still exists.
    void close_all();

    bool draining() const { return m_draining.load(); }

  private:
    friend class Connection;
    void accept();
    void forget(Connection* connection);

    Loops& m_loops;
    size_t m_next_loop = 0;  // the loop the next connection goes to (the acceptor's only)
    Services& m_services;
    ServerLimits m_limits;
    std::string m_token;
    boost::asio::ip::tcp::acceptor m_acceptor;
    std::atomic<bool> m_draining{false};
    std::atomic<int> m_connections{0};
    mutable std::mutex m_mutex;
    std::vector<std::weak_ptr<Connection>> m_live;
};

}  // namespace failover_proxy
