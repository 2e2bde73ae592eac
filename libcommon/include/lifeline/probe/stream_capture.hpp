#pragma once
// Follows one streamed probe as its bytes arrive (HttpRequest::on_body_chunk): SSE events go
// through http::SseParser into provider::StreamReader; the time from the first body byte to the
// first output is taken when the reader reports it, an in-stream error stops the transfer.

#include <optional>
#include <string>

#include <lifeline/classify/classification.hpp>
#include <lifeline/core/clock.hpp>
#include <lifeline/http/sse_parser.hpp>
#include <lifeline/provider/stream_reader.hpp>

namespace lifeline::probe {

class StreamCapture {
  public:
    // `clock` must outlive the capture.
    StreamCapture(lifeline::provider::WireApi api, const lifeline::Clock& clock);
    StreamCapture(const StreamCapture&) = delete;
    StreamCapture& operator=(const StreamCapture&) = delete;

    // Feeds body bytes. False (abort the transfer) once the stream reported an error or its
    // bytes broke the SSE parser; the verdict is already known then.
    bool on_chunk(std::string_view chunk);

    // Milliseconds from the first body byte to the first text or tool-call bytes; nullopt when
    // no output arrived. Added to the transport's time to first byte it gives the time to first
    // token in the transport's own frame (curl's timers start per request, not per batch).
    std::optional<double> first_output_after_first_byte_ms() const { return m_first_output_ms; }
    // Time to first token: `ttfb_ms` (the transport's) + first_output_after_first_byte_ms().
    std::optional<double> ttft_ms(double ttfb_ms) const;
    // Events whose data is neither JSON nor [DONE] (a corrupted stream); 0 when all were fine.
    size_t malformed_events() const { return m_malformed; }
    // The first malformed event's data, cut to a few dozen bytes; empty when none.
    const std::string& malformed_excerpt() const { return m_malformed_excerpt; }
    // The error the provider sent inside the 200 stream, if any.
    const std::optional<lifeline::Classification>& stream_error() const { return m_error; }
    // Why the bytes could not be read as SSE (an event over the size limit); empty when fine.
    const std::string& parse_error() const { return m_parse_error; }
    const lifeline::provider::StreamReader& reader() const { return m_reader; }
    bool received_bytes() const { return m_bytes > 0; }

  private:
    const lifeline::Clock& m_clock;
    std::optional<lifeline::SteadyTime> m_first_byte;
    lifeline::provider::StreamReader m_reader;
    lifeline::http::SseParser m_parser;
    std::optional<double> m_first_output_ms;
    size_t m_malformed = 0;
    std::string m_malformed_excerpt;
    std::optional<lifeline::Classification> m_error;
    std::string m_parse_error;
    size_t m_bytes = 0;
};

}  // namespace lifeline::probe
