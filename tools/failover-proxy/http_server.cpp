#include "http_server.hpp"

#include <cerrno>

#include <boost/asio/post.hpp>
#include <sys/socket.h>

#include "connection.hpp"

namespace failover_proxy {

HttpServer::HttpServer(Loops& loops, Services& services, ServerLimits limits, std::string token)
    : m_loops(loops),
      m_services(services),
      m_limits(limits),
      m_token(std::move(token)),
      // On loop 0, which one thread runs: the accept loop and begin_drain's close never run at
      // once.
      m_acceptor(loops.front()->io) {}

lifeline::Status HttpServer::listen(const boost::asio::ip::tcp::endpoint& endpoint) {
    boost::system::error_code error;
    m_acceptor.open(endpoint.protocol(), error);
    if (!error)
        m_acceptor.set_option(boost::asio::socket_base::reuse_address(true), error);
    if (!error)
        m_acceptor.bind(endpoint, error);
    if (!error)
        m_acceptor.listen(boost::asio::socket_base::max_listen_connections, error);
    if (error) {
        return lifeline::fail(lifeline::ErrorCode::io,
                              "cannot listen on " + endpoint.address().to_string() + ":" +
                                  std::to_string(endpoint.port()) + ": " + error.message());
    }
    accept();
    return {};
}

lifeline::Status HttpServer::adopt(int fd) {
    sockaddr_storage local{};
    socklen_t size = sizeof local;
    boost::system::error_code error;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0) {
        error.assign(errno, boost::system::system_category());
    } else {
        m_acceptor.assign(
            local.ss_family == AF_INET6 ? boost::asio::ip::tcp::v6() : boost::asio::ip::tcp::v4(),
            fd, error);
    }
    if (error) {
        return lifeline::fail(
            lifeline::ErrorCode::io,
            "cannot accept on --listen-fd " + std::to_string(fd) + ": " + error.message());
    }
    accept();
    return {};
}

unsigned short HttpServer::port() const {
    boost::system::error_code error;
    return m_acceptor.local_endpoint(error).port();
}

void HttpServer::accept() {
    Loop& loop = *m_loops[m_next_loop];
    m_next_loop = (m_next_loop + 1) % m_loops.size();
    m_acceptor.async_accept(loop.io, [this, &loop](const boost::system::error_code& error,
                                                   boost::asio::ip::tcp::socket socket) {
        if (error == boost::asio::error::operation_aborted || !m_acceptor.is_open())
            return;
        if (!error) {
            if (m_connections.load() >= m_limits.max_connections) {
                boost::system::error_code ignored;
                socket.close(ignored);
            } else {
                socket.set_option(boost::asio::ip::tcp::no_delay(true));
                auto connection =
                    std::make_shared<Connection>(std::move(socket), *this, *loop.upstream);
                {
                    std::lock_guard lock(m_mutex);
                    std::erase_if(m_live, [](const auto& weak) { return weak.expired(); });
                    m_live.push_back(connection);
                }
                // On its own loop from now on.
                boost::asio::post(connection->executor(), [connection] { connection->start(); });
            }
        }
        accept();
    });
}

void HttpServer::forget(Connection* connection) {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_live, [connection](const auto& weak) {
        auto live = weak.lock();
        return !live || live.get() == connection;
    });
}

void HttpServer::begin_drain() {
    m_draining = true;
    boost::asio::post(m_acceptor.get_executor(), [this] {
        boost::system::error_code ignored;
        m_acceptor.close(ignored);
    });
    std::lock_guard lock(m_mutex);
    for (const auto& weak : m_live) {
        if (auto connection = weak.lock())
            boost::asio::post(connection->executor(), [connection] { connection->drain(); });
    }
}

int HttpServer::busy() const {
    return m_services.in_flight.load();
}

void HttpServer::close_all() {
    std::lock_guard lock(m_mutex);
    for (const auto& weak : m_live) {
        if (auto connection = weak.lock())
            boost::asio::post(connection->executor(), [connection] { connection->shut(); });
    }
}

void HttpServer::abort_all() {
    std::lock_guard lock(m_mutex);
    for (const auto& weak : m_live) {
        if (auto connection = weak.lock())
            boost::asio::post(connection->executor(), [connection] { connection->abort(); });
    }
}

}  // namespace failover_proxy
