#pragma once
// A raw HTTP/1.1 client on a 127.0.0.1 socket, for what curl hides from a test: closing the
// connection in the middle of a stream, reading a stream while the server is signalled, and
// telling a refused connection apart.

#include <chrono>
#include <string>

namespace proxy_it {

class RawClient {
  public:
    // Connects at once; connected() is false (and connect_error() the errno) when refused.
    explicit RawClient(int port);
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const { return m_connected; }
    int connect_error() const { return m_error; }

    // Writes every byte; false when the connection is gone.
    bool send_all(const std::string& bytes);
    // Reads until `text` has arrived; false when the peer closed or `limit` passed first.
    bool read_until(const std::string& text, std::chrono::milliseconds limit);
    // Reads until the peer closes; false when `limit` passed first.
    bool read_to_close(std::chrono::milliseconds limit);
    // Everything read so far (status line, headers and the raw, possibly chunked, body).
    const std::string& received() const { return m_received; }
    // Closes the socket now, as a client that gives up.
    void close_now();

  private:
    bool read_some(std::chrono::steady_clock::time_point deadline);

    int m_fd = -1;
    bool m_connected = false;
    int m_error = 0;
    bool m_closed_by_peer = false;
    std::string m_received;
};

// A POST of a JSON `body` to `path` carrying `token` as a Bearer key.
std::string raw_post(const std::string& path, const std::string& token, const std::string& body);

// The body of a chunked HTTP/1.1 response, as far as it arrived.
std::string dechunked_body(const std::string& response);

}  // namespace proxy_it
