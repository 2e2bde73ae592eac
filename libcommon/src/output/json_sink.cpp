#include <ostream>

#include <lifeline/output/json_sink.hpp>
#include <lifeline/output/redacted_write.hpp>

namespace lifeline::output {

nlohmann::ordered_json redact_json(const nlohmann::ordered_json& value,
                                   const secret::Redactor& redactor) {
    if (value.is_string())
        return redactor.redact(value.get_ref<const std::string&>());
    if (value.is_array()) {
        auto copy = nlohmann::ordered_json::array();
        for (const auto& item : value)
            copy.push_back(redact_json(item, redactor));
        return copy;
    }
    if (value.is_object()) {
        auto copy = nlohmann::ordered_json::object();
        for (const auto& [key, item] : value.items())
            copy[redactor.redact(key)] = redact_json(item, redactor);
        return copy;
    }
    return value;
}

std::string render_json(const StatusDocument& document, const secret::Redactor& redactor) {
    // error_handler_t::replace: dump() throws on invalid UTF-8 otherwise, and a provider's
    // error body is not ours to vouch for.
    return redact_json(document.to_json(), redactor)
               .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
}

void write_json(std::ostream& out, const StatusDocument& document,
                const secret::Redactor& redactor) {
    out << render_json(document, redactor);
    out.flush();
}

Status write_status_file(FileSystem& fs, const std::string& path, const StatusDocument& document,
                         const secret::Redactor& redactor) {
    return fs.write_file_atomic(path, render_json(document, redactor));
}

}  // namespace lifeline::output
