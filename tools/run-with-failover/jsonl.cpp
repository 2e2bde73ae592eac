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

}  // namespace run_with_failover
