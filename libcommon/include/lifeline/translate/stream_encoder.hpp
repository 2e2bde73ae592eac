#pragma once
// Incremental encoders of client streams: each neutral event becomes the client API's own
// event bytes, appended to a string. Stateful where the client needs it (Responses items
// and sequence numbers, Chat tool-call indexes, Gemini thought signatures).

#include <memory>
#include <string>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/stream_decoder.hpp>
#include <lifeline/translate/stream_event.hpp>

namespace lifeline::translate {

class StreamEncoder {
  public:
    virtual ~StreamEncoder() = default;

    // Appends the client bytes for `event` to `out` (possibly none). An error event becomes
    // the client's in-stream error (Responses response.failed, Anthropic `event: error`, a
    // Chat error chunk, a Gemini error object) and ends the stream: later events are ignored.
    virtual void encode(const StreamEvent& event, std::string& out) = 0;

    // True once a delta reached the client (after that, failures can only be in-stream).
    bool output_started() const { return m_output_started; }
    // True once the stream ended (message_end or error encoded).
    bool ended() const { return m_ended; }

  protected:
    bool m_output_started = false;
    bool m_ended = false;
};

// The encoder for a client of `client`. `framing` only matters for Api::gemini (a client that
// called streamGenerateContent without alt=sse reads a JSON array).
std::unique_ptr<StreamEncoder> make_stream_encoder(Api client,
                                                   GeminiFraming framing = GeminiFraming::sse);

}  // namespace lifeline::translate
