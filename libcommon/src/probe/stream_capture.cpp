#include <nlohmann/json.hpp>

#include <lifeline/classify/classification.hpp>
#include <lifeline/probe/stream_capture.hpp>

namespace lifeline::probe {

StreamCapture::StreamCapture(lifeline::provider::WireApi api, const lifeline::Clock& clock)
    : m_clock(clock), m_reader(api), m_parser([this](const lifeline::http::SseEvent& event) {
          if (m_error)
              return;  // events after an in-stream error say nothing more
          // Every API streams JSON events; anything else is corruption that StreamReader would
          // silently skip, losing part of the answer.
          if (!lifeline::http::is_done_marker(event.data) && !nlohmann::json::accept(event.data)) {
              if (m_malformed++ == 0)
                  m_malformed_excerpt = lifeline::one_line_message(event.data, 40);
          }
          const lifeline::provider::StreamStep step = m_reader.consume(event, m_clock.now());
          if (step.first_output && !m_first_output_ms && m_first_byte) {
              m_first_output_ms =
                  std::chrono::duration<double, std::milli>(m_clock.steady_now() - *m_first_byte)
                      .count();
          }
          if (step.error)
              m_error = step.error;
      }) {}

bool StreamCapture::on_chunk(std::string_view chunk) {
    if (!m_first_byte && !chunk.empty())
        m_first_byte = m_clock.steady_now();
    m_bytes += chunk.size();
    if (auto fed = m_parser.feed(chunk); !fed) {
        m_parse_error = fed.error().message;
        return false;
    }
    return !m_error;
}

std::optional<double> StreamCapture::ttft_ms(double ttfb_ms) const {
    if (!m_first_output_ms)
        return std::nullopt;
    return ttfb_ms + *m_first_output_ms;
}

}  // namespace lifeline::probe
