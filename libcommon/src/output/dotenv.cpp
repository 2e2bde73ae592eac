#include <set>

#include <lifeline/output/dotenv.hpp>

namespace lifeline::output {
namespace {

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_valid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        size_t extra = 0;
        if (lead < 0x80)
            extra = 0;
        else if (lead >= 0xC2 && lead <= 0xDF)
            extra = 1;
        else if (lead >= 0xE0 && lead <= 0xEF)
            extra = 2;
        else if (lead >= 0xF0 && lead <= 0xF4)
            extra = 3;
        else
            return false;
        if (i + extra >= text.size())
            return false;
        for (size_t k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return false;
        }
        i += extra + 1;
    }
    return true;
}

Failure<Error> value_error(const std::string& key, const std::string& what) {
    return fail(ErrorCode::invalid_input, "dotenv variable " + key + ": " + what +
                                              " (GitLab dotenv reports take one "
                                              "single-line value per key)");
}

}  // namespace

Result<std::string> render_dotenv(const std::vector<DotenvEntry>& entries,
                                  const secret::Redactor& redactor, DotenvLimits limits) {
    if (entries.size() > limits.max_variables)
        return fail(ErrorCode::invalid_input, "dotenv report has " +
                                                  std::to_string(entries.size()) +
                                                  " variables; GitLab accepts at most " +
                                                  std::to_string(limits.max_variables));
    std::set<std::string> seen;
    std::string out;
    for (const DotenvEntry& entry : entries) {
        bool key_ok = !entry.key.empty();
        for (char c : entry.key)
            key_ok = key_ok && is_key_char(c);
        if (!key_ok)
            return fail(ErrorCode::invalid_input,
                        "invalid dotenv key \"" + entry.key +
                            "\": GitLab accepts only ASCII letters, digits and '_'");
        if (!seen.insert(entry.key).second)
            return fail(ErrorCode::invalid_input, "dotenv variable " + entry.key + " is set twice");
        const std::string value = redactor.redact(entry.value);
        if (value.find_first_of("\r\n") != std::string::npos)
            return value_error(entry.key, "value spans several lines");
        if (!value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                               value.back() == ' ' || value.back() == '\t'))
            return value_error(entry.key,
                               "value has leading or trailing whitespace, which "
                               "GitLab would strip");
        for (char c : value) {
            const auto byte = static_cast<unsigned char>(c);
            if ((byte < 0x20 && c != '\t') || byte == 0x7F)
                return value_error(entry.key, "value contains a control character");
        }
        if (!is_valid_utf8(value))
            return value_error(entry.key, "value is not valid UTF-8");
        out += entry.key + "=" + value + "\n";
    }
    if (out.size() > limits.max_bytes)
        return fail(ErrorCode::invalid_input, "dotenv report is " + std::to_string(out.size()) +
                                                  " bytes; GitLab accepts at most " +
                                                  std::to_string(limits.max_bytes));
    return out;
}

Status write_dotenv(FileSystem& fs, const std::string& path,
                    const std::vector<DotenvEntry>& entries, const secret::Redactor& redactor,
                    DotenvLimits limits) {
    const std::string content = LIFELINE_TRY(render_dotenv(entries, redactor, limits));
    return fs.write_file_atomic(path, content);
}

}  // namespace lifeline::output
