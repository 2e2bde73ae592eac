#pragma once
// Incremental decoders of upstream streams: bytes in, in chunks of any size, neutral events
// out as soon as each upstream event is complete. Nothing but the current event and the open
// block's bookkeeping is kept: the answer is never buffered whole.

#include <memory>
#include <string_view>
#include <vector>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/stream_event.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::translate {

class StreamDecoder {
  public:
    virtual ~StreamDecoder() = default;

    // Consumes `bytes`, appending the events they complete to `out`. An upstream error event
    // (rate limit, overload, ...) is an ordinary StreamEventType::error event. A malformed
    // event (not JSON, a delta for a block that was never opened, ...) fails with
    // ErrorCode::parse naming the event and the field; the decoder then stays failed.
    virtual Status feed(std::string_view bytes, std::vector<StreamEvent>& out) = 0;

    // The upstream closed the stream. Appends what the end implies (Chat without [DONE] after
    // a finish_reason, a Gemini stream after its finishReason) and returns true when the
    // terminal event arrived; false when the stream was cut short (stream_broken).
    virtual bool finish(std::vector<StreamEvent>& out) = 0;
};

// How an upstream Gemini stream is framed: `alt=sse` (SSE events) or the default JSON array.
enum class GeminiFraming { sse, json_array };

// The decoder for streams of `upstream`. `framing` only matters for Api::gemini.
std::unique_ptr<StreamDecoder> make_stream_decoder(Api upstream,
                                                   GeminiFraming framing = GeminiFraming::sse);

}  // namespace lifeline::translate
