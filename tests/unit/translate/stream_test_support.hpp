#pragma once
// Helpers for the stream tests: the upstream stream fixtures, running a decoder over bytes
// split any way, and folding neutral events back into a Response to compare meanings.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/translate/reasoning_envelope.hpp>
#include <lifeline/translate/stream_translator.hpp>

#include "translate_test_support.hpp"

namespace lifeline::translate::testing {

struct StreamFixture {
    Api api;
    GeminiFraming framing;
    const char* file;
};

inline const StreamFixture k_stream_fixtures[] = {
    {Api::responses, GeminiFraming::sse, "responses_stream.sse"},
    {Api::chat, GeminiFraming::sse, "chat_stream.sse"},
    {Api::messages, GeminiFraming::sse, "messages_stream.sse"},
    {Api::gemini, GeminiFraming::sse, "gemini_stream.sse"},
    {Api::gemini, GeminiFraming::json_array, "gemini_stream.json"},
};

struct Decoded {
    std::vector<StreamEvent> events;
    Status status;
    bool complete = false;
};

// Runs a fresh decoder of `api` over `chunks`, then finish().
inline Decoded decode_stream(Api api, GeminiFraming framing,
                             const std::vector<std::string>& chunks) {
    std::unique_ptr<StreamDecoder> decoder = make_stream_decoder(api, framing);
    Decoded out;
    for (const std::string& chunk : chunks) {
        out.status = decoder->feed(chunk, out.events);
        if (!out.status)
            return out;
    }
    out.complete = decoder->finish(out.events);
    return out;
}

inline Decoded decode_stream(Api api, GeminiFraming framing, const std::string& bytes) {
    return decode_stream(api, framing, std::vector<std::string>{bytes});
}

struct Folded {
    Response response;
    std::optional<FailureClass> error;
    std::string error_message;
    bool ended = false;
};

// The events folded into a Response; reasoning state in a lifeline envelope is unwrapped so
// the original vendor and signature can be compared.
inline Folded fold(const std::vector<StreamEvent>& events) {
    Folded out;
    Response& r = out.response;
    for (const StreamEvent& e : events) {
        switch (e.type) {
            case StreamEventType::message_start:
                r.id = e.id;
                r.model = e.name;
                break;
            case StreamEventType::block_start:
                if (e.block == BlockKind::text)
                    r.output.push_back(text_part(""));
                else if (e.block == BlockKind::tool_call)
                    r.output.push_back(tool_call_part({e.id, e.name, "", e.tool_kind}));
                else
                    r.output.push_back(reasoning_part({}));
                break;
            case StreamEventType::text_delta:
                r.output.back().text += e.text;
                break;
            case StreamEventType::arguments_delta:
                r.output.back().tool_call.arguments += e.text;
                break;
            case StreamEventType::reasoning_delta:
                r.output.back().reasoning.text += e.text;
                break;
            case StreamEventType::reasoning_signature: {
                Reasoning& reasoning = r.output.back().reasoning;
                if (std::optional<Reasoning> inner = unwrap_reasoning(e.text)) {
                    reasoning.vendor = inner->vendor;
                    reasoning.signature = inner->signature;
                } else {
                    reasoning.vendor = e.vendor;
                    reasoning.signature = e.text;
                }
                break;
            }
            case StreamEventType::block_stop:
                break;
            case StreamEventType::message_end:
                r.stop_reason = e.stop_reason;
                r.usage = e.usage;
                out.ended = true;
                break;
            case StreamEventType::error:
                out.error = e.error_class;
                out.error_message = e.text;
                break;
        }
    }
    return out;
}

// The meaning of an answer, independent of how an API splits it into parts: all text, all
// reasoning text, the signed reasoning (vendor and signature) and the tool calls in order.
struct Gist {
    std::string text;
    std::string reasoning;
    Vendor vendor = Vendor::none;
    std::string signature;
    std::vector<ToolCall> calls;
};

inline Gist gist(const Response& response) {
    Gist out;
    for (const Part& part : response.output) {
        if (part.type == PartType::text) {
            out.text += part.text;
        } else if (part.type == PartType::reasoning) {
            out.reasoning += part.reasoning.text;
            if (!part.reasoning.signature.empty()) {
                out.vendor = part.reasoning.vendor;
                out.signature = part.reasoning.signature;
            }
        } else if (part.type == PartType::tool_call) {
            out.calls.push_back(part.tool_call);
        }
    }
    return out;
}

// The client bytes for the whole upstream stream fed as `chunks`.
inline std::string translate_stream(Api upstream, Api client,
                                    const std::vector<std::string>& chunks,
                                    StreamTranslatorOptions options = {}) {
    StreamTranslator translator(upstream, client, std::move(options));
    std::string out;
    for (const std::string& chunk : chunks)
        (void)translator.feed(chunk, out);
    translator.finish(out);
    return out;
}

}  // namespace lifeline::translate::testing
