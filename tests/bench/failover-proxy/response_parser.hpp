#pragma once
// An incremental HTTP/1.1 response reader for the load generator: it only tracks where a
// response's header block, first body byte and end are, never keeps the body. Handles
// Content-Length, chunked and close-delimited bodies; 1xx interim responses are skipped.

#include <cstddef>
#include <string>
#include <string_view>

namespace proxy_bench {

class ResponseParser {
  public:
    // Forgets the previous response, ready for the next one on the same connection.
    void reset();

    // Consumes bytes of the response. Returns false on a malformed response (the caller
    // closes the connection). Bytes after the end of the response are ignored.
    bool feed(std::string_view bytes);
    // The connection closed: a close-delimited body ends here; anything else in progress is
    // cut (complete() stays false).
    void on_eof();

    bool headers_done() const { return m_state > State::head; }
    bool body_started() const { return m_body_started; }
    bool complete() const { return m_state == State::done; }
    int status() const { return m_status; }
    // False when the server said Connection: close, spoke HTTP/1.0, or delimits by close.
    bool keep_alive() const { return m_keep_alive; }
    bool any_bytes() const { return m_any_bytes; }

  private:
    enum class State {
        head,
        length_body,
        chunk_size,
        chunk_data,
        chunk_data_end,
        trailers,
        close_body,
        done
    };
    bool parse_head();
    bool on_chunk_size_line(std::string_view line);

    State m_state = State::head;
    std::string m_line;  // the header block, or the current chunk-size / trailer line
    size_t m_remaining = 0;
    int m_status = 0;
    bool m_keep_alive = true;
    bool m_body_started = false;
    bool m_any_bytes = false;
};

}  // namespace proxy_bench
