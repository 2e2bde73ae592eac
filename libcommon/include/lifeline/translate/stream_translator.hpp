#pragma once
// An upstream stream of one API turned into a client stream of another, event by event:
// a StreamDecoder feeding a StreamEncoder, plus the custom-tool adaptation (a call to a custom
// tool that the upstream saw as a one-string function goes to a Responses client as a
// custom_tool_call with the plain string). Same-API pass-through is the proxy's business.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/translate/stream_decoder.hpp>
#include <lifeline/translate/stream_encoder.hpp>

namespace lifeline::translate {

struct StreamTranslatorOptions {
    // Names of the request's custom tools (codec.hpp custom_tool_names); empty = none.
    std::vector<std::string> custom_tool_names;
    GeminiFraming upstream_framing = GeminiFraming::sse;
    GeminiFraming client_framing = GeminiFraming::sse;
};

class StreamTranslator {
  public:
    StreamTranslator(Api upstream, Api client, StreamTranslatorOptions options = {});

    // Feeds upstream bytes and appends the client bytes they produce to `out`. A malformed
    // upstream event ends the client stream with an in-stream stream_broken error and the
    // decode error is returned (ErrorCode::parse, naming the event).
    Status feed(std::string_view upstream_bytes, std::string& out);

    // The upstream closed. Returns true when it ended properly; otherwise the client stream is
    // ended with an in-stream stream_broken error and false is returned.
    bool finish(std::string& out);

    // Ends the client stream with an in-stream error of `failure_class` (a timeout or reset
    // the caller saw). No-op when the client stream already ended.
    void fail(FailureClass failure_class, std::string_view message, std::string& out);

    // True once client-visible output was written (failures after this are in-stream only).
    bool output_started() const { return m_encoder->output_started(); }
    bool ended() const { return m_encoder->ended(); }
    // What the upstream stream has shown so far (content, end, error, usage).
    const StreamProgress& progress() const { return m_progress; }

  private:
    void forward(std::vector<StreamEvent>& events, std::string& out);
    bool adapt_custom(StreamEvent& event, std::string& out);

    std::unique_ptr<StreamDecoder> m_decoder;
    std::unique_ptr<StreamEncoder> m_encoder;
    StreamTranslatorOptions m_options;
    bool m_adapt_custom = false;
    int m_custom_block = -1;  // the open block being buffered as a custom call
    std::string m_custom_arguments;
    std::vector<StreamEvent> m_events;  // reused between feeds
    StreamProgress m_progress;
};

}  // namespace lifeline::translate
