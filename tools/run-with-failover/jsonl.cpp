#include "jsonl.hpp"

namespace run_with_failover {

void for_each_json_line(std::string_view text,
                        const std::function<void(const nlohmann::json&)>& on_object) {
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.empty() || line.front() != '{')
            continue;
        if (auto value = try_parse_json(line); value && value->is_object())
            on_object(*value);
    }
}

std::optional<nlohmann::json> last_json_object(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.remove_suffix(1);
    if (text.empty() || text.back() != '}')
        return std::nullopt;
    // The document closes the output: its last 64 KiB hold it, and each try parses at most that.
    constexpr size_t k_window = 64 * 1024;
    if (text.size() > k_window)
        text = text.substr(text.size() - k_window);
    constexpr std::string_view k_error_prefix = "[ERROR] ";
    size_t line_end = text.size();
    while (line_end > 0) {
        const size_t newline = text.rfind('\n', line_end - 1);
        const size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
        std::string_view line = text.substr(line_start);
        if (line.substr(0, k_error_prefix.size()) == k_error_prefix)
            line.remove_prefix(k_error_prefix.size());
        if (!line.empty() && line.front() == '{') {
            if (auto parsed = try_parse_json(line); parsed && parsed->is_object())
                return parsed;
        }
        if (newline == std::string_view::npos)
            break;
        line_end = newline;
    }
    return std::nullopt;
}

}  // namespace run_with_failover
