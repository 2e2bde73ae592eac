#include <cinttypes>
#include <cstdio>

#include <lifeline/output/github_files.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::output {
namespace {

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

uint64_t fnv1a(std::string_view text, uint64_t hash) {
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace

Status validate_output_name(std::string_view name) {
    bool ok = !name.empty() && is_name_start(name.front());
    for (char c : name)
        ok = ok && (is_name_char(c) || c == '-');
    if (!ok)
        return fail(ErrorCode::invalid_input,
                    "invalid GitHub output name \"" + std::string(name) +
                        "\": use letters, digits, '_' and '-', starting with a letter or '_'");
    return {};
}

Status validate_env_name(std::string_view name) {
    bool ok = !name.empty() && is_name_start(name.front());
    for (char c : name)
        ok = ok && is_name_char(c);
    if (!ok)
        return fail(ErrorCode::invalid_input,
                    "invalid environment variable name \"" + std::string(name) +
                        "\": use letters, digits and '_', starting with a letter or '_'");
    if (iequals(name, "NODE_OPTIONS"))
        return fail(ErrorCode::invalid_input, "GitHub Actions refuses NODE_OPTIONS in GITHUB_ENV");
    return {};
}

std::string heredoc_delimiter(std::string_view name, std::string_view value) {
    // Random-looking so a value cannot be crafted against a fixed "EOF", yet reproducible.
    uint64_t seed = fnv1a(value, fnv1a(name, 14695981039346656037ull));
    for (;;) {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016" PRIx64, seed);
        std::string delimiter = std::string("ghadelimiter_") + hex;
        if (value.find(delimiter) == std::string_view::npos)
            return delimiter;
        seed = fnv1a(delimiter, seed);
    }
}

std::string format_file_command(std::string_view name, std::string_view value) {
    if (value.find_first_of("\r\n") == std::string_view::npos)
        return std::string(name) + "=" + std::string(value) + "\n";
    const std::string delimiter = heredoc_delimiter(name, value);
    return std::string(name) + "<<" + delimiter + "\n" + std::string(value) + "\n" + delimiter +
           "\n";
}

GitHubFiles::GitHubFiles(FileSystem& fs, const Environment& env, const secret::Redactor& redactor)
    : m_fs(fs), m_env(env), m_redactor(redactor) {}

Result<std::string> GitHubFiles::path_of(const char* variable) const {
    auto path = m_env.get_non_empty(variable);
    if (!path)
        return fail(ErrorCode::unavailable,
                    std::string(variable) + " is not set (not running under GitHub Actions?)");
    return *path;
}

Status GitHubFiles::append_entry(const char* variable, std::string_view name,
                                 std::string_view value) {
    const std::string path = LIFELINE_TRY(path_of(variable));
    // Redact before choosing the delimiter, so the delimiter is checked against what is
    // actually written.
    return m_fs.append_file(path, format_file_command(name, m_redactor.redact(value)));
}

Status GitHubFiles::set_output(std::string_view name, std::string_view value) {
    LIFELINE_TRY_VOID(validate_output_name(name));
    return append_entry("GITHUB_OUTPUT", name, value);
}

Status GitHubFiles::export_variable(std::string_view name, std::string_view value) {
    LIFELINE_TRY_VOID(validate_env_name(name));
    return append_entry("GITHUB_ENV", name, value);
}

Status GitHubFiles::append_summary(std::string_view markdown) {
    const std::string path = LIFELINE_TRY(path_of("GITHUB_STEP_SUMMARY"));
    std::string text = m_redactor.redact(markdown);
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    size_t existing = 0;
    if (auto current = m_fs.read_file(path))
        existing = current->size();
    if (existing + text.size() > k_step_summary_limit)
        return fail(ErrorCode::invalid_input, "step summary would exceed GitHub's 1 MiB limit (" +
                                                  std::to_string(existing + text.size()) +
                                                  " bytes)");
    return m_fs.append_file(path, text);
}

}  // namespace lifeline::output
