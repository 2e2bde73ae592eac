#pragma once
// Test servers on 127.0.0.1 with ephemeral ports, for CurlTransport tests. Every wait inside
// a handler is bounded and ends early when the server stops, so no test can hang.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <lifeline/http/transport.hpp>

namespace lifeline::testing {

// A cpp-httplib server on 127.0.0.1:<ephemeral>. Register routes on server() before start().
class LoopbackServer {
  public:
    LoopbackServer() { m_server.set_keep_alive_timeout(1); }
    ~LoopbackServer() { stop(); }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    httplib::Server& server() { return m_server; }

    // Binds and starts listening; false when it could not (the test then fails).
    bool start() {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        if (m_port <= 0)
            return false;
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        for (int i = 0; i < 400 && !m_server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return m_server.is_running();
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_changed.notify_all();
        if (m_thread.joinable()) {
            m_server.stop();
            m_thread.join();
        }
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    int port() const { return m_port; }

    // For handlers: blocks until `ready()` holds, the server stops, or `limit` passes.
    // Returns whether `ready()` held.
    bool wait_for(const std::function<bool()>& ready, std::chrono::milliseconds limit) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait_for(lock, limit, [&] { return m_stopping || ready(); });
        return ready();
    }
    // Wakes handlers blocked in wait_for after the test changed shared state.
    void notify() {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_changed.notify_all();
    }
    std::mutex& mutex() { return m_mutex; }

  private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_stopping = false;
};

// A bare TCP listener that answers the first connection with fixed bytes (after reading the
// request head), then closes. For replies no HTTP library would send: interim responses,
// truncated bodies, garbage.
class RawServer {
  public:
    explicit RawServer(std::string reply) : m_reply(std::move(reply)) {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        socklen_t length = sizeof(address);
        if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
            ::listen(m_listener, 4) != 0 ||
            ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve_one(); });
    }
    ~RawServer() {
        m_stopping = true;
        if (m_thread.joinable())
            m_thread.join();
        ::close(m_listener);
    }
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    int port() const { return m_port; }

  private:
    bool readable(int fd) {
        // Poll in short steps so the destructor can end a test that never connected.
        for (int i = 0; i < 200 && !m_stopping; ++i) {
            pollfd entry{fd, POLLIN, 0};
            if (::poll(&entry, 1, 10) > 0)
                return true;
        }
        return false;
    }

    void serve_one() {
        if (!readable(m_listener))
            return;
        int connection = ::accept(m_listener, nullptr, nullptr);
        if (connection < 0)
            return;
        std::string head;
        char buffer[4096];
        while (head.find("\r\n\r\n") == std::string::npos && readable(connection)) {
            ssize_t got = ::recv(connection, buffer, sizeof(buffer), 0);
            if (got <= 0)
                break;
            head.append(buffer, static_cast<size_t>(got));
        }
        ::send(connection, m_reply.data(), m_reply.size(), MSG_NOSIGNAL);
        ::shutdown(connection, SHUT_WR);
        // Drain until the client closes, so the close is a FIN and never a RST.
        while (readable(connection) && ::recv(connection, buffer, sizeof(buffer), 0) > 0) {
        }
        ::close(connection);
    }

    std::string m_reply;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

// A route that sends "data: tick\n\n" every 10 ms until a write fails (the client closed the
// connection: `closed` is set and the server notified) or the server stops.
inline void add_endless_stream(LoopbackServer& server, const std::string& path, bool& closed) {
    // cpp-httplib 0.11 writes without MSG_NOSIGNAL: a write to the connection the client
    // closed would end the test binary with SIGPIPE instead of failing.
    std::signal(SIGPIPE, SIG_IGN);
    server.server().Get(path, [&server, &closed](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
            for (int i = 0; i < 300; ++i) {
                if (!sink.write("data: tick\n\n", 12)) {
                    {
                        std::lock_guard<std::mutex> lock(server.mutex());
                        closed = true;
                    }
                    server.notify();
                    return false;
                }
                server.wait_for([] { return false; },
                                std::chrono::milliseconds(10));  // ends early when the server stops
            }
            sink.done();
            return true;
        });
    });
}

// A fake key shaped like a real one; tests assert it never reaches an error message.
inline const std::string k_fake_key = "sk-proj-TESTONLY0000000000000000000000000000";

// A GET with short timeouts, so a broken test fails in seconds rather than hanging.
inline http::HttpRequest loopback_request(const std::string& url) {
    http::HttpRequest request;
    request.url = url;
    request.timeouts.connect = std::chrono::milliseconds(2000);
    request.timeouts.total = std::chrono::milliseconds(5000);
    return request;
}

// A loopback port that nothing listens on: bound, then closed (connection refused).
inline int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace lifeline::testing
