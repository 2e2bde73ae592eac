// Upstream Gemini streams, as SSE (`alt=sse`) or as the default JSON array of
// GenerateContentResponse chunks. Each chunk carries whole parts: text and thought text are
// deltas of the open block; a functionCall is a whole tool block; a thoughtSignature closes
// the reasoning before the part it sits on. The chunk with a finishReason ends the message.

#include "stream_decoders.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

// The chunks of one stream, whatever their framing, each parsed as an event (parse_event_object).
class GeminiChunks {
  public:
    explicit GeminiChunks(EventSink& sink) : m_sink(sink) {}

    Status on_chunk(std::string_view text) {
        JsonView chunk = parse_event_object(text);
        if (!chunk)
            return fail(stream_error("chunk", "not a JSON object"));
        if (member(chunk, "error")) {
            emit_upstream_error(m_sink, "", text);
            return {};
        }
        m_sink.start(string_at(chunk, "responseId"), string_at(chunk, "modelVersion"));
        if (JsonView usage = member(chunk, "usageMetadata"))
            m_usage = gemini_usage_from(usage);
        JsonView candidates = member(chunk, "candidates");
        if (!candidates.is_array() || candidates.size() == 0)
            return {};
        JsonView candidate = candidates.at(0);
        size_t position = 0;
        for (JsonView part : member(member(candidate, "content"), "parts").elements())
            LIFELINE_TRY_VOID(on_part(part, position++));
        if (std::string reason = string_at(candidate, "finishReason"); !reason.empty())
            m_sink.end(gemini_stop_from(reason, m_had_calls), m_usage);
        return {};
    }

  private:
    void signature(const std::string& signature) {
        if (!m_sink.open_block(BlockKind::reasoning))
            m_sink.open(BlockKind::reasoning);
        m_sink.signature(signature, Vendor::gemini);
        m_sink.close();
    }

    Status on_part(JsonView part, size_t position) {
        std::string sig = string_at(part, "thoughtSignature");
        JsonView text = member(part, "text");
        if (bool_at(part, "thought").value_or(false)) {
            if (!m_sink.open_block(BlockKind::reasoning))
                m_sink.open(BlockKind::reasoning);
            m_sink.delta(StreamEventType::reasoning_delta, std::string(text.str()));
            if (!sig.empty())
                signature(sig);
            return {};
        }
        if (!sig.empty())
            signature(sig);
        if (text.is_string()) {
            if (text.str().empty())
                return {};
            if (!m_sink.open_block(BlockKind::text))
                m_sink.open(BlockKind::text);
            m_sink.delta(StreamEventType::text_delta, std::string(text.str()));
        } else if (JsonView call = member(part, "functionCall")) {
            std::string name = string_at(call, "name");
            if (name.empty())
                return fail(stream_error(
                    "candidates[0].content.parts[" + std::to_string(position) + "].functionCall",
                    "name missing"));
            std::string id = string_at(call, "id");
            if (id.empty())
                id = "call_" + std::to_string(m_calls);
            ++m_calls;
            m_had_calls = true;
            m_sink.open(BlockKind::tool_call, std::move(id), std::move(name));
            JsonView args = member(call, "args");
            m_sink.delta(StreamEventType::arguments_delta, args ? args.text() : "{}");
            m_sink.close();
        }
        return {};  // inlineData and code execution parts are not forwarded
    }

    EventSink& m_sink;
    Usage m_usage;
    int m_calls = 0;
    bool m_had_calls = false;
};

class GeminiSseDecoder : public SseDecoder {
  public:
    bool finish(std::vector<StreamEvent>& out) override {
        (void)out;
        return m_sink.done();
    }

  protected:
    Status on_event(const http::SseEvent& event) override { return m_chunks.on_chunk(event.data); }

  private:
    GeminiChunks m_chunks{m_sink};
};

// Splits `[{...},\n{...}]` into its elements as their bytes arrive.
class GeminiArrayDecoder : public StreamDecoder {
  public:
    Status feed(std::string_view bytes, std::vector<StreamEvent>& out) override {
        if (m_error)
            return fail(*m_error);
        m_sink.bind(&out);
        Status status = scan(bytes);
        m_sink.bind(nullptr);
        if (!status)
            m_error = status.error();
        return status;
    }

    bool finish(std::vector<StreamEvent>& out) override {
        (void)out;
        return m_sink.done();
    }

  private:
    Status scan(std::string_view bytes) {
        for (char c : bytes) {
            if (m_depth == 0) {
                if (c == '{') {
                    m_depth = 1;
                    m_element.assign(1, c);
                } else if (c != '[' && c != ',' && c != ']' && c != ' ' && c != '\n' && c != '\r' &&
                           c != '\t') {
                    return fail(
                        stream_error("gemini stream", "unexpected byte outside an element"));
                }
                continue;
            }
            m_element.push_back(c);
            if (m_in_string) {
                if (m_escaped)
                    m_escaped = false;
                else if (c == '\\')
                    m_escaped = true;
                else if (c == '"')
                    m_in_string = false;
            } else if (c == '"') {
                m_in_string = true;
            } else if (c == '{' || c == '[') {
                ++m_depth;
            } else if ((c == '}' || c == ']') && --m_depth == 0) {
                LIFELINE_TRY_VOID(m_chunks.on_chunk(m_element));
                m_element.clear();
            }
        }
        return {};
    }

    EventSink m_sink;
    GeminiChunks m_chunks{m_sink};
    std::string m_element;
    int m_depth = 0;
    bool m_in_string = false;
    bool m_escaped = false;
    std::optional<Error> m_error;
};

}  // namespace

std::unique_ptr<StreamDecoder> make_gemini_stream_decoder(GeminiFraming framing) {
    if (framing == GeminiFraming::json_array)
        return std::make_unique<GeminiArrayDecoder>();
    return std::make_unique<GeminiSseDecoder>();
}

}  // namespace lifeline::translate::detail
