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

Json call_json(const ToolCall& call, EncodeReport& report, const std::string& path) {
    Json function = {{"name", call.name}, {"args", arguments_object(call, report, path)}};
    if (!call.id.empty())
        function["id"] = call.id;
    return {{"functionCall", std::move(function)}};
}

Json result_json(const ToolResult& result, const std::map<std::string, std::string>& names,
                 EncodeReport& report, const std::string& path) {
    std::string name = result.name;
    if (name.empty()) {
        auto it = names.find(result.call_id);
        name = it != names.end() ? it->second : result.call_id;
    }
    if (result_has_image(result))
        report_drop(report, path, "image in tool result dropped: gemini carries text only");
    Json body = {{result.is_error ? "error" : "output", result_text(result)}};
    Json function = {{"name", name}, {"response", std::move(body)}};
    if (!result.call_id.empty())
        function["id"] = result.call_id;
    return {{"functionResponse", std::move(function)}};
}

Json image_json(const Image& image) {
    if (!image.data.empty())
        return {{"inlineData", {{"mimeType", image.media_type}, {"data", image.data}}}};
    Json file = {{"fileUri", image.url}};
    if (!image.media_type.empty())
        file["mimeType"] = image.media_type;
    return {{"fileData", std::move(file)}};
}

}  // namespace

Json encode_gemini_parts(const std::vector<Part>& parts, GeminiAudience audience,
                         const std::map<std::string, std::string>& names, EncodeReport& report,
                         const std::string& path) {
    Json out = Json::array();
    std::string pending;  // a Gemini signature waiting for the part it belongs to
    for (size_t p = 0; p < parts.size(); ++p) {
        const Part& part = parts[p];
        std::string part_path = path_index(path, p);
        Json item;
        switch (part.type) {
            case PartType::text:
                item = {{"text", part.text}};
                break;
            case PartType::image:
                item = image_json(part.image);
                break;
            case PartType::tool_call:
                item = call_json(part.tool_call, report, part_path);
                break;
            case PartType::tool_result:
                item = result_json(part.tool_result, names, report, part_path);
                break;
            case PartType::reasoning: {
                const Reasoning& reasoning = part.reasoning;
                if (reasoning.vendor == Vendor::gemini && !reasoning.signature.empty()) {
                    if (!reasoning.text.empty())
                        out.push_back({{"text", reasoning.text}, {"thought", true}});
                    pending = reasoning.signature;
                } else if (audience == GeminiAudience::client) {
                    // Gemini CLI keeps signatures on the parts after thoughts (as Gemini 3
                    // requires), so foreign state rides there too, in an envelope.
                    if (!reasoning.text.empty())
                        out.push_back({{"text", reasoning.text}, {"thought", true}});
                    pending = opaque_for_client(Api::gemini, reasoning);
                } else if (reasoning.vendor != Vendor::none || !reasoning.text.empty()) {
                    report_drop(report, part_path, "reasoning stripped: not Gemini's own");
                }
                continue;
            }
        }
        // Upstream: the signature goes back on exactly the part it came on. Client: like
        // Gemini itself, on the first function call, else on the last part.
        bool takes_signature =
            audience == GeminiAudience::upstream || part.type == PartType::tool_call;
        if (!pending.empty() && takes_signature) {
            item["thoughtSignature"] = std::move(pending);
            pending.clear();
        }
        out.push_back(std::move(item));
    }
    if (!pending.empty()) {
        if (audience == GeminiAudience::client)
            out.push_back({{"text", ""}, {"thoughtSignature", pending}});
        else if (!out.empty() && bool_at(out.back(), "thought").value_or(false))
            out.back()["thoughtSignature"] = pending;
        else
            out.push_back({{"text", ""}, {"thought", true}, {"thoughtSignature", pending}});
    }
    return out;
}

}  // namespace lifeline::translate::detail
