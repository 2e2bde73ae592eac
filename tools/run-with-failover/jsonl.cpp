#include "jsonl.hpp"

namespace run_with_failover {

std::optional<nlohmann::json> parse_json(std::string_view text) {
    nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded())
        return std::nullopt;
    return value;
}

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
        if (auto value = parse_json(line); value && value->is_object())
            on_object(*value);
    }
}

int64_t json_int(const nlohmann::json& json, const char* key) {
    if (!json.is_object())
        return 0;
    const auto it = json.find(key);
    if (it == json.end() || !it->is_number())
        return 0;
    return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(it->get<double>());
}

std::string json_string(const nlohmann::json& json, const char* key) {
    if (!json.is_object())
        return "";
    const auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace run_with_failover
