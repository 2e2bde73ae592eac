#include <lifeline/translate/request_head.hpp>

#include "json_reader.hpp"
#include "json_writer.hpp"

namespace lifeline::translate {

namespace {

// The JSON text of `value` in the document (an object or array whole, a scalar's token
// without the whitespace after it); empty when it cannot be read.
std::string_view value_text(simdjson::ondemand::value value) {
    simdjson::ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS)
        return {};
    std::string_view text;
    if (type == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS ||
            object.raw_json().get(text) != simdjson::SUCCESS)
            return {};
    } else if (type == simdjson::ondemand::json_type::array) {
        simdjson::ondemand::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS ||
            array.raw_json().get(text) != simdjson::SUCCESS)
            return {};
    } else {
        text = value.raw_json_token();
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                             text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// The text of the first top-level "model" member's value in `padded`, which holds one valid JSON
// object; empty when there is none.
std::string_view model_token(simdjson::padded_string& padded) {
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document document;
    simdjson::ondemand::object object;
    if (parser.iterate(padded).get(document) != simdjson::SUCCESS ||
        document.get_object().get(object) != simdjson::SUCCESS)
        return {};
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS)
            return {};
        if (key != "model")
            continue;
        return value_text(field.value());
    }
    return {};
}

}  // namespace

Result<RequestHead> read_request_head(std::string_view body) {
    detail::JsonDocument document;
    detail::JsonView root = LIFELINE_TRY(document.parse(body, "request body"));
    if (!root.is_object())
        return fail(ErrorCode::parse, "request body: not a JSON object");
    RequestHead head;
    head.model = std::string(root["model"].str());
    head.stream = root["stream"].boolean().value_or(false);
    if (!root["model"])
        return head;
    simdjson::padded_string padded(body);
    std::string_view token = model_token(padded);
    if (!token.empty()) {
        head.model_offset = static_cast<size_t>(token.data() - padded.data());
        head.model_length = token.size();
    }
    return head;
}

std::string with_model(std::string_view body, const RequestHead& head, std::string_view model) {
    std::string out;
    out.reserve(body.size() + model.size() + 16);
    if (head.model_length > 0) {
        out.append(body.substr(0, head.model_offset));
        detail::append_quoted(out, model);
        out.append(body.substr(head.model_offset + head.model_length));
        return out;
    }
    size_t open = body.find('{');
    out.append(body.substr(0, open + 1));
    out.append("\"model\":");
    detail::append_quoted(out, model);
    size_t rest = body.find_first_not_of(" \t\r\n", open + 1);
    if (rest != std::string_view::npos && body[rest] != '}')
        out.push_back(',');
    out.append(body.substr(open + 1));
    return out;
}

}  // namespace lifeline::translate
