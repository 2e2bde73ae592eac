#pragma once
// The upstream's answer to one attempt, turned into what the client receives: a streamed 2xx
// body fed piece by piece (passed through, or translated event by event), or a whole body.
// It watches the stream's progress (content, end, in-stream error, usage) so the request can
// tell whether it may still fail over. Pure: bytes in, bytes out.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/translate/stream_decoder.hpp>
#include <lifeline/translate/stream_event.hpp>
#include <lifeline/translate/stream_translator.hpp>
#include <lifeline/util/result.hpp>

namespace failover_proxy {

struct ReaderSetup {
    lifeline::translate::Api upstream = lifeline::translate::Api::chat;
    lifeline::translate::Api client = lifeline::translate::Api::chat;
    bool pass_through = false;  // same API: bytes are forwarded as they are
    lifeline::translate::GeminiFraming client_framing = lifeline::translate::GeminiFraming::sse;
    std::vector<std::string> custom_tools;
};

class StreamReader {
  public:
    explicit StreamReader(ReaderSetup setup);

    // Appends the client bytes `chunk` produces to `out`.
    void feed(std::string_view chunk, std::string& out);
    // The upstream ended the body. Returns true when the stream ended properly (an upstream
    // error event is not); when it was cut short, the client's stream is ended with an
    // in-stream stream_broken error.
    bool finish(std::string& out);
    // Ends the client's stream with an in-stream error of `failure_class` (a stall, a cut, an
    // upstream error after output): the client's own error event, never a clean end. No-op
    // when the client's stream already ended.
    void fail(lifeline::FailureClass failure_class, std::string_view message, std::string& out);

    const lifeline::translate::StreamProgress& progress() const;

  private:
    ReaderSetup m_setup;
    bool m_raw = false;
    // Raw mode: a decoder watches the bytes; translated mode: the translator does everything.
    std::unique_ptr<lifeline::translate::StreamDecoder> m_decoder;
    std::unique_ptr<lifeline::translate::StreamTranslator> m_translator;
    lifeline::translate::StreamProgress m_progress;
    std::vector<lifeline::translate::StreamEvent> m_events;
    std::string m_raw_tail;  // the last bytes forwarded raw: whether they end an event
};

// A whole (non-streamed) 2xx body in the client's API, and its usage.
struct WholeAnswer {
    std::string body;
    std::optional<lifeline::translate::Usage> usage;
};

// Translates (or passes through) a complete upstream body. Errors: the body does not decode
// (ErrorCode::parse): the attempt failed as malformed.
lifeline::Result<WholeAnswer> read_whole_answer(const ReaderSetup& setup, std::string body);

}  // namespace failover_proxy
