#pragma once
// Follows a streamed generation event by event (events from http::SseParser): collects the
// text, tool call and usage, notices the first output (time to first token), the API's
// terminal event, and errors delivered inside a 200 stream.

#include <optional>

#include <nlohmann/json_fwd.hpp>

#include <lifeline/classify/classification.hpp>
#include <lifeline/http/sse_parser.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::provider {

struct StreamStep {
    bool first_output = false;  // this event carried the stream's first text or tool-call bytes
    // An error the provider sent inside the stream (the stream is then over).
    std::optional<Classification> error;
};

class StreamReader {
  public:
    explicit StreamReader(WireApi api);

    // Consumes one event. `now` dates any wait hint in an in-stream error.
    StreamStep consume(const http::SseEvent& event, SystemTime now);

    // True once the API's terminal event arrived: `[DONE]` (chat), response.completed or
    // response.incomplete (responses), message_stop (anthropic), a finishReason (gemini). A
    // stream that ends before this was cut (stream_broken).
    bool complete() const { return m_complete; }
    bool saw_output() const { return m_saw_output; }
    const Generation& generation() const { return m_generation; }

  private:
    void consume_chat(const nlohmann::json& chunk);
    void consume_responses(const std::string& type, const nlohmann::json& event);
    void consume_anthropic(const std::string& type, const nlohmann::json& event);
    void consume_gemini(const nlohmann::json& chunk);
    void finish_tool_call();

    WireApi m_api;
    Generation m_generation;
    std::string m_tool_name;
    std::string m_tool_arguments;
    bool m_has_tool = false;
    bool m_complete = false;
    bool m_saw_output = false;
};

}  // namespace lifeline::provider
