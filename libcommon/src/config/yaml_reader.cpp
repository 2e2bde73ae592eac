#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>

#include <yaml-cpp/yaml.h>

#include <lifeline/config/yaml_reader.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::config {

struct YamlNodeData {
    YAML::Node node;
    std::string file;
};

// Builds YamlNodes; the only place that sees their private parts.
struct YamlNodeAccess {
    static YamlNode make(YAML::Node node, std::string file, std::string path,
                         SourceLocation fallback) {
        YamlNode out;
        SourceLocation where{file, 0, 0};
        const YAML::Mark mark = node.Mark();
        // A null value (`key:`) has no mark of its own; it then sits where its key is.
        if (!mark.is_null() && !(node.IsNull() && fallback.line > 0)) {
            where.line = mark.line + 1;
            where.column = mark.column + 1;
        } else {
            where = fallback;
        }
        out.m_data = std::make_shared<const YamlNodeData>(YamlNodeData{node, std::move(file)});
        out.m_path = std::move(path);
        out.m_location = std::move(where);
        return out;
    }
    static const YAML::Node& node(const YamlNode& n) { return n.m_data->node; }
    static const std::string& file(const YamlNode& n) { return n.m_data->file; }
};

namespace {

// Guards against alias bombs ("billion laughs") and self-referencing anchors: aliases share
// nodes, so a naive walk can visit far more nodes than the text holds.
constexpr size_t k_max_walk_nodes = 100'000;
constexpr int k_max_depth = 64;

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
    if (mark.is_null())
        return SourceLocation{file, 0, 0};
    return SourceLocation{file, mark.line + 1, mark.column + 1};
}

Error config_error(SourceLocation where, std::string path, std::string message) {
    return make_error_at(ErrorCode::config, std::move(where), std::move(path), std::move(message));
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// Every duplicate key anywhere in the document is an error: yaml-cpp keeps both entries and
// lookups would silently pick the first, which is exactly the silent default we refuse.
Status check_duplicates(const YAML::Node& node, const std::string& file, const std::string& path,
                        int depth, size_t& visited) {
    if (++visited > k_max_walk_nodes || depth > k_max_depth) {
        return fail(config_error(location_of(node.Mark(), file), path,
                                 "document too large or too deeply nested (aliases expanded)"));
    }
    if (node.IsMap()) {
        std::map<std::string, YAML::Mark> seen;
        for (const auto& kv : node) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
            if (kv.first.IsScalar()) {
                const auto [it, inserted] = seen.emplace(key, kv.first.Mark());
                if (!inserted) {
                    return fail(
                        config_error(location_of(kv.first.Mark(), file), path,
                                     "duplicate key " + quoted(key) + " (first written at line " +
                                         std::to_string(it->second.line + 1) + "; keep only one)"));
                }
            }
            LIFELINE_TRY_VOID(
                check_duplicates(kv.second, file, child_path(path, key), depth + 1, visited));
        }
    } else if (node.IsSequence()) {
        size_t index = 0;
        for (const auto& item : node) {
            LIFELINE_TRY_VOID(check_duplicates(
                item, file, path + "[" + std::to_string(index++) + "]", depth + 1, visited));
        }
    }
    return {};
}

// Removes "_" between digits (YAML 1.1 style 250_000); anything else is left for the parser
// to reject.
std::string strip_digit_separators(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool between_digits = text[i] == '_' && i > 0 && i + 1 < text.size() &&
                                    std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                                    std::isdigit(static_cast<unsigned char>(text[i + 1]));
        if (!between_digits)
            out += text[i];
    }
    return out;
}

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
    if (parent.empty())
        return std::string(key);
    return std::string(parent) + "." + std::string(key);
}

Result<YamlNode> parse_yaml(std::string_view text, const std::string& source_name) {
    try {
        YAML::Node root = YAML::Load(std::string(text));
        size_t visited = 0;
        LIFELINE_TRY_VOID(check_duplicates(root, source_name, "", 0, visited));
        return YamlNodeAccess::make(root, source_name, "", SourceLocation{source_name, 1, 1});
    } catch (const YAML::Exception& e) {
        return fail(config_error(location_of(e.mark, source_name), "", "invalid YAML: " + e.msg));
    }
}

bool YamlNode::is_map() const {
    return m_data && m_data->node.IsMap();
}
bool YamlNode::is_sequence() const {
    return m_data && m_data->node.IsSequence();
}
bool YamlNode::is_scalar() const {
    return m_data && m_data->node.IsScalar();
}
bool YamlNode::is_null() const {
    return !m_data || !m_data->node.IsDefined() || m_data->node.IsNull();
}

std::string YamlNode::kind_name() const {
    if (is_map())
        return "a map";
    if (is_sequence())
        return "a list";
    if (is_scalar())
        return quoted(m_data->node.Scalar());
    return "nothing";
}

Error YamlNode::error(std::string message) const {
    return config_error(m_location, m_path, std::move(message));
}

Error YamlNode::Entry::key_error(std::string message) const {
    return config_error(key_location, value.path(), std::move(message));
}

Result<std::vector<YamlNode::Entry>> YamlNode::entries() const {
    if (is_null())
        return std::vector<Entry>{};
    if (!is_map())
        return fail(error("expected a map of key: value, got " + kind_name()));
    std::vector<Entry> out;
    try {
        for (const auto& kv : m_data->node) {
            const SourceLocation key_location = location_of(kv.first.Mark(), m_data->file);
            if (!kv.first.IsScalar()) {
                return fail(config_error(key_location, m_path, "a key must be a plain name"));
            }
            const std::string key = kv.first.Scalar();
            out.push_back(Entry{key, key_location,
                                YamlNodeAccess::make(kv.second, m_data->file,
                                                     child_path(m_path, key), key_location)});
        }
    } catch (const YAML::Exception& e) {
        return fail(error("unreadable map: " + e.msg));
    }
    return out;
}

Result<std::vector<YamlNode>> YamlNode::items() const {
    if (!is_sequence())
        return fail(error("expected a list, got " + kind_name()));
    std::vector<YamlNode> out;
    try {
        size_t index = 0;
        for (const auto& item : m_data->node) {
            out.push_back(YamlNodeAccess::make(
                item, m_data->file, m_path + "[" + std::to_string(index++) + "]", m_location));
        }
    } catch (const YAML::Exception& e) {
        return fail(error("unreadable list: " + e.msg));
    }
    return out;
}

std::optional<YamlNode> YamlNode::get(std::string_view key) const {
    if (!is_map())
        return std::nullopt;
    auto all = entries();
    if (!all)
        return std::nullopt;
    for (Entry& entry : *all) {
        if (entry.key == key) {
            if (entry.value.is_null())
                return std::nullopt;
            return std::move(entry.value);
        }
    }
    return std::nullopt;
}

Result<YamlNode> YamlNode::require(std::string_view key) const {
    if (!is_map() && !is_null())
        return fail(error("expected a map of key: value, got " + kind_name()));
    if (auto found = get(key))
        return std::move(*found);
    return fail(error("missing required key " + quoted(key)));
}

Result<std::string> YamlNode::as_string() const {
    if (!is_scalar())
        return fail(error("expected a string, got " + kind_name()));
    return m_data->node.Scalar();
}

Result<int64_t> YamlNode::as_int64() const {
    if (!is_scalar())
        return fail(error("expected a whole number, got " + kind_name()));
    const std::string text = strip_digit_separators(trim(m_data->node.Scalar()));
    const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
    const char* end = text.data() + text.size();
    int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec == std::errc::result_out_of_range)
        return fail(error("number " + kind_name() + " is too large"));
    if (ec != std::errc() || ptr != end || begin == end)
        return fail(error("expected a whole number, got " + kind_name()));
    return value;
}

Result<double> YamlNode::as_double() const {
    if (!is_scalar())
        return fail(error("expected a number, got " + kind_name()));
    const std::string text = strip_digit_separators(trim(m_data->node.Scalar()));
    const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
    const char* end = text.data() + text.size();
    double value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(value))
        return fail(error("expected a number, got " + kind_name()));
    return value;
}

Result<bool> YamlNode::as_bool() const {
    if (is_scalar()) {
        const std::string text = to_lower(m_data->node.Scalar());
        if (text == "true" || text == "yes" || text == "on")
            return true;
        if (text == "false" || text == "no" || text == "off")
            return false;
    }
    return fail(error("expected true or false, got " + kind_name()));
}

Result<Duration> YamlNode::as_duration() const {
    if (!is_scalar())
        return fail(error("expected a duration like 30s, got " + kind_name()));
    auto parsed = parse_duration(trim(m_data->node.Scalar()));
    if (!parsed)
        return fail(error(parsed.error().message));
    return *parsed;
}

Result<std::vector<std::string>> YamlNode::as_string_list() const {
    if (!is_sequence())
        return fail(error("expected a list of strings like [a, b], got " + kind_name()));
    std::vector<std::string> out;
    for (const YamlNode& item : LIFELINE_TRY(items()))
        out.push_back(LIFELINE_TRY(item.as_string()));
    return out;
}

Result<std::map<std::string, std::string>> YamlNode::as_string_map() const {
    if (!is_map())
        return fail(error("expected a map of name: value, got " + kind_name()));
    std::map<std::string, std::string> out;
    for (const Entry& entry : LIFELINE_TRY(entries()))
        out[entry.key] = LIFELINE_TRY(entry.value.as_string());
    return out;
}

Status YamlNode::check_keys(const std::vector<std::string>& allowed) const {
    for (const Entry& entry : LIFELINE_TRY(entries())) {
        if (std::find(allowed.begin(), allowed.end(), entry.key) != allowed.end())
            continue;
        std::string message = "unknown key " + quoted(entry.key);
        const std::string suggestion = closest_match(entry.key, allowed);
        if (!suggestion.empty())
            message += " (did you mean " + quoted(suggestion) + "?)";
        else
            message += " (allowed: " + join(allowed, ", ") + ")";
        return fail(config_error(entry.key_location, m_path, std::move(message)));
    }
    return {};
}

std::vector<std::pair<std::string, SourceLocation>> YamlNode::all_locations() const {
    std::vector<std::pair<std::string, SourceLocation>> out;
    size_t visited = 0;
    std::function<void(const YamlNode&, int)> walk = [&](const YamlNode& node, int depth) {
        if (++visited > k_max_walk_nodes || depth > k_max_depth)
            return;
        out.emplace_back(node.path(), node.location());
        if (node.is_map()) {
            if (auto all = node.entries()) {
                for (const Entry& entry : *all) {
                    // A key's location is where its key is written: that is where a user
                    // looks, and a null value has no position of its own.
                    YamlNode located = entry.value;
                    located.m_location = entry.key_location;
                    if (entry.value.is_scalar())
                        located.m_location = entry.value.location();
                    walk(located, depth + 1);
                }
            }
        } else if (node.is_sequence()) {
            if (auto all = node.items()) {
                for (const YamlNode& item : *all)
                    walk(item, depth + 1);
            }
        }
    };
    walk(*this, 0);
    return out;
}

}  // namespace lifeline::config
