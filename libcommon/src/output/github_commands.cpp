#include <ostream>

#include <lifeline/output/github_commands.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::output {
namespace {

const char* command_name(AnnotationLevel level) {
    switch (level) {
        case AnnotationLevel::notice:
            return "notice";
        case AnnotationLevel::warning:
            return "warning";
        case AnnotationLevel::error:
            return "error";
    }
    return "warning";
}

void add_property(std::string& properties, const char* name, const std::string& value) {
    if (value.empty())
        return;
    properties += properties.empty() ? " " : ",";
    properties += name;
    properties += '=';
    properties += escape_command_property(value);
}

void add_number(std::string& properties, const char* name, int value) {
    if (value > 0)
        add_property(properties, name, std::to_string(value));
}

}  // namespace

std::string escape_command_data(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

std::string escape_command_property(std::string_view text) {
    std::string out;
    for (char c : escape_command_data(text)) {
        if (c == ':')
            out += "%3A";
        else if (c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

std::string format_annotation(const Annotation& annotation, const secret::Redactor& redactor) {
    std::string properties;
    add_property(properties, "file", redactor.redact(annotation.file));
    add_number(properties, "line", annotation.line);
    add_number(properties, "endLine", annotation.end_line);
    add_number(properties, "col", annotation.column);
    add_number(properties, "endColumn", annotation.end_column);
    add_property(properties, "title", redactor.redact(annotation.title));
    return std::string("::") + command_name(annotation.level) + properties +
           "::" + escape_command_data(redactor.redact(annotation.message)) + "\n";
}

std::string format_add_mask(const secret::Secret& secret) {
    if (secret.empty())
        return "";
    const std::string_view value = secret.reveal();
    std::string out = "::add-mask::" + escape_command_data(value) + "\n";
    if (value.find_first_of("\r\n") != std::string_view::npos) {
        for (const std::string& line : split(value, '\n')) {
            const std::string_view trimmed = trim(line);
            if (!trimmed.empty())
                out += "::add-mask::" + escape_command_data(trimmed) + "\n";
        }
    }
    return out;
}

GitHubCommands::GitHubCommands(std::ostream& out, const secret::Redactor& redactor)
    : m_out(out), m_redactor(redactor) {}

void GitHubCommands::annotate(const Annotation& annotation) {
    m_out << format_annotation(annotation, m_redactor);
    m_out.flush();
}

void GitHubCommands::mask_secrets() {
    for (const secret::Secret& secret : m_redactor.secrets())
        mask(secret);
}

void GitHubCommands::mask(const secret::Secret& secret) {
    m_out << format_add_mask(secret);
    m_out.flush();
}

void GitHubCommands::group(std::string_view title) {
    m_out << "::group::" << escape_command_data(m_redactor.redact(title)) << "\n";
}

void GitHubCommands::end_group() {
    m_out << "::endgroup::\n";
    m_out.flush();
}

}  // namespace lifeline::output
