#pragma once
// An incremental Server-Sent Events parser following the WHATWG EventSource rules
// (https://html.spec.whatwg.org/multipage/server-sent-events.html): bytes go in as they
// arrive, in chunks of any size; complete events come out through a callback.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::http {

struct SseEvent {
    std::string event = "message";  // the "event:" field; "message" when the block had none
    std::string data;               // "data:" lines joined with '\n' (no trailing newline)
    std::string id;                 // the last event id seen on the stream so far ("" = none)
    // A valid "retry:" field inside this event's block; nullopt when the block had none.
    std::optional<Duration> retry;
};

// True for OpenAI's end-of-stream sentinel, `data: [DONE]` (surrounding spaces ignored).
bool is_done_marker(std::string_view data);

class SseParser {
  public:
    using EventCallback = std::function<void(const SseEvent&)>;

    // Events larger than this (pending line + data) fail the stream: a peer that never sends
    // a blank line must not grow memory without bound.
    static constexpr size_t k_default_max_event_bytes = 8 * 1024 * 1024;

    explicit SseParser(EventCallback on_event, size_t max_event_bytes = k_default_max_event_bytes);

    // Consumes `chunk`, calling the callback once per event completed by a blank line.
    // Errors (ErrorCode::parse): the pending event passed max_event_bytes. After an error
    // the parser stays failed and every later feed returns the same error.
    Status feed(std::string_view chunk);

    // True when the bytes so far end inside an event: a line without its line break, or
    // fields not yet dispatched by a blank line. A stream that ends while this is true was
    // cut mid-event (per the spec the partial event is discarded, never dispatched).
    bool has_partial_event() const;

    // The latest "retry:" value on the stream (the reconnection time); nullopt when none.
    std::optional<Duration> retry() const { return m_retry; }
    // The last event id buffer ("" until an "id:" field arrives).
    const std::string& last_event_id() const { return m_last_event_id; }

  private:
    void process_bytes(std::string_view bytes);
    void process_line(std::string_view line);
    bool over_limit() const;
    void dispatch();

    EventCallback m_on_event;
    size_t m_max_event_bytes;

    std::string m_line;         // bytes of a line whose line break has not arrived
    std::string m_start_bytes;  // the first bytes, held until we know if they are a BOM
    bool m_at_start = true;     // the leading BOM question is still open
    bool m_skip_lf = false;     // the previous chunk ended with CR; a leading LF pairs
    bool m_has_fields = false;  // a field line arrived since the last dispatch
    std::string m_data;
    std::string m_event_type;
    std::optional<Duration> m_block_retry;
    std::string m_last_event_id;
    std::optional<Duration> m_retry;
    std::optional<Error> m_error;
};

}  // namespace lifeline::http
