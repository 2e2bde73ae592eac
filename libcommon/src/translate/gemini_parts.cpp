#include "gemini_parts.hpp"

#include <lifeline/translate/reasoning_envelope.hpp>

#include "encode_support.hpp"

namespace lifeline::translate::detail {

std::string GeminiCallIds::for_call(const std::string& name, const std::string& given) {
    std::string id = given.empty() ? "call_" + std::to_string(m_next) : given;
    ++m_next;
    m_pending.emplace_back(id, name);
    return id;
}

std::string GeminiCallIds::for_response(const std::string& name, const std::string& given) {
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if ((!given.empty() && it->first == given) || (given.empty() && it->second == name)) {
            std::string id = it->first;
            m_pending.erase(it);
            return id;
        }
    }
    return given;
}

namespace {

// A signature on a non-thought part belongs to the thought just before it, or stands alone.
void attach_signature(const std::string& signature, std::vector<Part>& out) {
    if (std::optional<Reasoning> foreign = unwrap_reasoning(signature)) {
        out.push_back(reasoning_part(std::move(*foreign)));
        return;
    }
    if (!out.empty() && out.back().type == PartType::reasoning &&
        out.back().reasoning.vendor == Vendor::none && out.back().reasoning.signature.empty()) {
        out.back().reasoning.vendor = Vendor::gemini;
        out.back().reasoning.signature = signature;
        return;
    }
    out.push_back(reasoning_part({"", Vendor::gemini, signature, false, ""}));
}

ToolResult decode_response_part(JsonView response, GeminiCallIds& ids) {
    ToolResult result;
    result.name = string_at(response, "name");
    result.call_id = ids.for_response(result.name, string_at(response, "id"));
    JsonView body = member(response, "response");
    JsonView output = member(body, "output");
    JsonView error = member(body, "error");
    if (body.size() == 1 && output.is_string()) {
        result.content.push_back({std::string(output.str()), std::nullopt});
    } else if (body.size() == 1 && error.is_string()) {
        result.content.push_back({std::string(error.str()), std::nullopt});
        result.is_error = true;
    } else if (body) {
        result.content.push_back({body.text(), std::nullopt});
    }
    return result;
}

}  // namespace

Status decode_gemini_part(JsonView part, const std::string& path, std::vector<Part>& out,
                          GeminiCallIds& ids, EncodeReport& notes) {
    std::string signature = string_at(part, "thoughtSignature");
    if (bool_at(part, "thought").value_or(false)) {
        out.push_back(
            reasoning_part(reasoning_from_client(Api::gemini, signature, string_at(part, "text"))));
        return {};
    }
    if (!signature.empty())
        attach_signature(signature, out);
    if (JsonView text = member(part, "text"); text.is_string()) {
        if (!text.str().empty() || signature.empty())
            out.push_back(text_part(std::string(text.str())));
    } else if (JsonView inline_data = member(part, "inlineData")) {
        out.push_back(
            image_part({"", string_at(inline_data, "mimeType"), string_at(inline_data, "data")}));
    } else if (JsonView file = member(part, "fileData")) {
        out.push_back(image_part({string_at(file, "fileUri"), string_at(file, "mimeType"), ""}));
    } else if (JsonView call = member(part, "functionCall")) {
        std::string name = string_at(call, "name");
        JsonView args = member(call, "args");
        out.push_back(tool_call_part(
            {ids.for_call(name, string_at(call, "id")), name, args ? args.text() : "{}"}));
    } else if (JsonView response = member(part, "functionResponse")) {
        out.push_back(tool_result_part(decode_response_part(response, ids)));
    } else if (member(part, "executableCode") || member(part, "codeExecutionResult")) {
        report_drop(notes, path, "code execution part dropped: only Gemini can use it");
    } else if (signature.empty()) {
        return fail(field_error(ErrorCode::invalid_input, path, "unknown part shape"));
    }
    return {};
}

namespace {

// The members of a functionCall part.
void write_call(JsonWriter& out, const ToolCall& call, EncodeReport& report,
                const std::string& path) {
    out.key("functionCall").begin_object().field("name", call.name);
    out.raw_field("args", arguments_object_text(call, report, path));
    if (!call.id.empty())
        out.field("id", call.id);
    out.end_object();
}

// The members of a functionResponse part: the result's text as `output` (or `error`), named
// by the result or else by its call (`names`), else by the call id.
void write_result(JsonWriter& out, const ToolResult& result,
                  const std::map<std::string, std::string>& names, EncodeReport& report,
                  const std::string& path) {
    std::string name = result.name;
    if (name.empty()) {
        auto it = names.find(result.call_id);
        name = it != names.end() ? it->second : result.call_id;
    }
    if (result_has_image(result))
        report_drop(report, path, "image in tool result dropped: gemini carries text only");
    out.key("functionResponse").begin_object().field("name", name);
    out.key("response")
        .begin_object()
        .field(result.is_error ? "error" : "output", result_text(result))
        .end_object();
    if (!result.call_id.empty())
        out.field("id", result.call_id);
    out.end_object();
}

// The members of an image part: inlineData for data, fileData for a URL.
void write_image(JsonWriter& out, const Image& image) {
    if (!image.data.empty()) {
        out.key("inlineData").begin_object().field("mimeType", image.media_type);
        out.field("data", image.data).end_object();
        return;
    }
    out.key("fileData").begin_object().field("fileUri", image.url);
    if (!image.media_type.empty())
        out.field("mimeType", image.media_type);
    out.end_object();
}

// Writes parts one by one. A thought part is held back until another part follows, so the
// last thought can still take a signature left over at the end (see finish()).
class GeminiPartsWriter {
  public:
    GeminiPartsWriter(JsonWriter& out, GeminiAudience audience,
                      const std::map<std::string, std::string>& names, EncodeReport& report)
        : m_out(out), m_audience(audience), m_names(names), m_report(report) {}

    // One non-reasoning part, with the pending signature when this part takes it.
    void write(const Part& part, const std::string& path) {
        flush_thought();
        m_out.begin_object();
        switch (part.type) {
            case PartType::text:
                m_out.field("text", part.text);
                break;
            case PartType::image:
                write_image(m_out, part.image);
                break;
            case PartType::tool_call:
                write_call(m_out, part.tool_call, m_report, path);
                break;
            case PartType::tool_result:
                write_result(m_out, part.tool_result, m_names, m_report, path);
                break;
            case PartType::reasoning:
                break;
        }
        // Upstream: the signature goes back on exactly the part it came on. Client: like
        // Gemini itself, on the first function call, else on the last part.
        bool takes_signature =
            m_audience == GeminiAudience::upstream || part.type == PartType::tool_call;
        if (!m_pending.empty() && takes_signature) {
            m_out.field("thoughtSignature", m_pending);
            m_pending.clear();
        }
        m_out.end_object();
    }

    // A reasoning part: its text as a thought, its state as the pending signature; reasoning
    // an upstream cannot use is stripped (reported).
    void reason(const Reasoning& reasoning, const std::string& path) {
        bool own = reasoning.vendor == Vendor::gemini && !reasoning.signature.empty();
        if (!own && m_audience == GeminiAudience::upstream) {
            if (reasoning.vendor != Vendor::none || !reasoning.text.empty())
                report_drop(m_report, path, "reasoning stripped: not Gemini's own");
            return;
        }
        if (!reasoning.text.empty()) {
            flush_thought();
            m_thought = &reasoning.text;
        }
        // Gemini CLI keeps signatures on the parts after thoughts (as Gemini 3 requires), so
        // foreign state rides there too, in an envelope.
        m_pending = own ? reasoning.signature : opaque_for_client(Api::gemini, reasoning);
    }

    // Places a signature left pending: on the last part when it is a thought (upstream), else
    // on an empty part of its own.
    void finish() {
        if (m_pending.empty()) {
            flush_thought();
            return;
        }
        if (m_audience == GeminiAudience::client) {
            flush_thought();
            m_out.begin_object().field("text", "").field("thoughtSignature", m_pending);
            m_out.end_object();
            return;
        }
        static const std::string k_no_text;
        const std::string& text = m_thought ? *m_thought : k_no_text;
        m_thought = nullptr;
        m_out.begin_object().field("text", text).field("thought", true);
        m_out.field("thoughtSignature", m_pending).end_object();
    }

  private:
    // Writes the held thought, if any.
    void flush_thought() {
        if (!m_thought)
            return;
        m_out.begin_object().field("text", *m_thought).field("thought", true).end_object();
        m_thought = nullptr;
    }

    JsonWriter& m_out;
    GeminiAudience m_audience;
    const std::map<std::string, std::string>& m_names;
    EncodeReport& m_report;
    std::string m_pending;                   // a Gemini signature waiting for its part
    const std::string* m_thought = nullptr;  // a thought not yet written: the last part so far
};

}  // namespace

void write_gemini_parts(JsonWriter& out, const std::vector<Part>& parts, GeminiAudience audience,
                        const std::map<std::string, std::string>& names, EncodeReport& report,
                        const std::string& path) {
    GeminiPartsWriter writer(out, audience, names, report);
    out.begin_array();
    for (size_t p = 0; p < parts.size(); ++p) {
        if (parts[p].type == PartType::reasoning)
            writer.reason(parts[p].reasoning, path_index(path, p));
        else
            writer.write(parts[p], path_index(path, p));
    }
    writer.finish();
    out.end_array();
}

Json encode_gemini_parts(const std::vector<Part>& parts, GeminiAudience audience,
                         const std::map<std::string, std::string>& names, EncodeReport& report,
                         const std::string& path) {
    std::string text;
    JsonWriter out(text);
    write_gemini_parts(out, parts, audience, names, report, path);
    Result<Json> parsed = parse_json(text, "gemini parts");
    return parsed ? std::move(parsed.value()) : Json::array();
}

}  // namespace lifeline::translate::detail
