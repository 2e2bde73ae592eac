// Neutral parts as Responses items: request `input` items for an upstream (only OpenAI's own
// reasoning replayed) and response `output` items for a client (other vendors' reasoning
// state inside a lifeline envelope in encrypted_content).

#include <lifeline/translate/reasoning_envelope.hpp>

#include "encode_support.hpp"
#include "responses_items.hpp"
#include "wire_maps.hpp"

namespace lifeline::translate::detail {

namespace {

// One content piece of a message item: input_image, or output_text (assistant) / input_text.
void write_content_piece(JsonWriter& out, const Part& part, bool assistant) {
    out.begin_object();
    if (part.type == PartType::image)
        out.field("type", "input_image").field("image_url", image_url(part.image));
    else
        out.field("type", assistant ? "output_text" : "input_text").field("text", part.text);
    out.end_object();
}

// A tool result's "output": the lone text as a string, else text and image pieces ("" when
// the result is empty).
void write_tool_output(JsonWriter& out, const ToolResult& result) {
    out.key("output");
    if (result.content.size() == 1 && !result.content[0].image) {
        out.value(result.content[0].text);
        return;
    }
    if (result.content.empty()) {
        out.value("");
        return;
    }
    out.begin_array();
    for (const ResultPart& piece : result.content) {
        out.begin_object();
        if (piece.image)
            out.field("type", "input_image").field("image_url", image_url(*piece.image));
        else
            out.field("type", "input_text").field("text", piece.text);
        out.end_object();
    }
    out.end_array();
}

// The members of a function_call or custom_tool_call item (no id, no status).
void write_call_fields(JsonWriter& out, const ToolCall& call) {
    bool custom = call.kind == ToolKind::custom;
    out.field("type", custom ? "custom_tool_call" : "function_call")
        .field("call_id", call.id)
        .field("name", call.name)
        .field(custom ? "input" : "arguments", call.arguments);
}

// A reasoning item: its id when it has one, its text as the one summary, `opaque` as
// encrypted_content when not empty.
void write_reasoning_item(JsonWriter& out, const Reasoning& reasoning, const std::string& opaque) {
    out.begin_object().field("type", "reasoning");
    if (!reasoning.id.empty())
        out.field("id", reasoning.id);
    out.key("summary").begin_array();
    if (!reasoning.text.empty())
        out.begin_object().field("type", "summary_text").field("text", reasoning.text).end_object();
    out.end_array();
    if (!opaque.empty())
        out.field("encrypted_content", opaque);
    out.end_object();
}

// Writes the items of messages: text and images gather into message items (one per assistant
// text), flushed before every other item and at the end of a message.
class InputItemsWriter {
  public:
    InputItemsWriter(JsonWriter& out, EncodeReport& report) : m_out(out), m_report(report) {}

    void write(const Message& message, const std::string& path) {
        m_role = message.role == Role::system ? "developer"
                 : message.role == Role::user ? "user"
                                              : "assistant";
        bool assistant = message.role == Role::assistant;
        for (size_t p = 0; p < message.parts.size(); ++p) {
            const Part& part = message.parts[p];
            if (part.type == PartType::text || part.type == PartType::image) {
                m_content.push_back(&part);
                if (assistant)
                    flush(true);  // one item per assistant text
                continue;
            }
            flush(assistant);
            write_item(part, path_index(path + ".parts", p));
        }
        flush(assistant);
    }

  private:
    // A call, a call output or a reasoning item (reasoning not OpenAI's own is stripped).
    void write_item(const Part& part, const std::string& path) {
        if (part.type == PartType::tool_call) {
            m_out.begin_object();
            write_call_fields(m_out, part.tool_call);
            m_out.end_object();
        } else if (part.type == PartType::tool_result) {
            bool custom = part.tool_result.kind == ToolKind::custom;
            m_out.begin_object()
                .field("type", custom ? "custom_tool_call_output" : "function_call_output")
                .field("call_id", part.tool_result.call_id);
            write_tool_output(m_out, part.tool_result);
            m_out.end_object();
        } else if (!keep_reasoning(Api::responses, part.reasoning)) {
            report_drop(m_report, path, "reasoning stripped: not OpenAI's own");
        } else {
            write_reasoning_item(m_out, part.reasoning, part.reasoning.signature);
        }
    }

    // The gathered content as one message item (nothing when none gathered).
    void flush(bool assistant) {
        if (m_content.empty())
            return;
        m_out.begin_object().field("type", "message").field("role", m_role);
        m_out.key("content").begin_array();
        for (const Part* part : m_content)
            write_content_piece(m_out, *part, assistant);
        m_out.end_array().end_object();
        m_content.clear();
    }

    JsonWriter& m_out;
    EncodeReport& m_report;
    const char* m_role = "user";
    std::vector<const Part*> m_content;
};

}  // namespace

void write_input_items(JsonWriter& out, const std::vector<Message>& messages,
                       EncodeReport& report) {
    InputItemsWriter writer(out, report);
    out.begin_array();
    for (size_t m = 0; m < messages.size(); ++m)
        writer.write(messages[m], path_index("messages", m));
    out.end_array();
}

// Output items share the request items' writers; they are parsed back to Json for the
// response and stream encoders, which still build Json.
Json encode_output_item(const Part& part, const std::string& item_id) {
    switch (part.type) {
        case PartType::tool_call: {
            std::string text;
            JsonWriter out(text);
            out.begin_object();
            write_call_fields(out, part.tool_call);
            out.field("id", item_id).field("status", "completed").end_object();
            return object_from_text(text);
        }
        case PartType::reasoning: {
            Reasoning shown = part.reasoning;
            if (shown.id.empty() || shown.vendor != Vendor::openai)
                shown.id = item_id;
            std::string text;
            JsonWriter out(text);
            write_reasoning_item(out, shown, opaque_for_client(Api::responses, part.reasoning));
            return object_from_text(text);
        }
        default:
            break;
    }
    Json content = Json::array();
    content.push_back(
        {{"type", "output_text"}, {"text", part.text}, {"annotations", Json::array()}});
    return {{"type", "message"},
            {"id", item_id},
            {"status", "completed"},
            {"role", "assistant"},
            {"content", std::move(content)}};
}

}  // namespace lifeline::translate::detail
