#pragma once
// The one border around yaml-cpp: YAML text in, located values and located errors out.
//
// Nothing here knows lifeline.yaml; any YAML file (lifeline.yaml, provider-sim scenarios,
// fleets) can be read through it. yaml-cpp exceptions never leave yaml_reader.cpp. Every
// error is ErrorCode::config with the file:line:col of the offending node and its key path,
// so Error::to_string() reads: lifeline.yaml:12:5: lanes.code[1]: expected a string, got a map

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/error.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::config {

struct YamlNodeData;  // holds the yaml-cpp node; defined in yaml_reader.cpp only

// One node of a parsed document, with where it came from ("file:line:col") and how to reach
// it from the root ("lanes.code[1]"; "" for the root). Cheap to copy.
class YamlNode {
  public:
    struct Entry;

    const std::string& path() const { return m_path; }
    const SourceLocation& location() const { return m_location; }

    bool is_map() const;
    bool is_sequence() const;
    bool is_scalar() const;
    // True for an empty value: `key:`, `key: ~`, `key: null`.
    bool is_null() const;
    // "a map", "a list", "a string", "nothing": for "expected X, got Y" messages.
    std::string kind_name() const;

    // The value under `key` of a map; nullopt when this is not a map, the key is missing or
    // its value is null (so `retry:` with nothing under it means "all defaults").
    std::optional<YamlNode> get(std::string_view key) const;
    // Like get(), but a missing or null value is an error naming the key.
    Result<YamlNode> require(std::string_view key) const;

    // Map entries in document order; an error when this is not a map or a key is not a
    // plain scalar.
    Result<std::vector<Entry>> entries() const;
    // Sequence items in order, with paths "path[0]", "path[1]"...; an error when not a list.
    Result<std::vector<YamlNode>> items() const;

    // Typed values. Each fails with a located error naming what was expected and what was
    // written ("expected a whole number, got \"lots\"").
    Result<std::string> as_string() const;  // any scalar, as written
    Result<int64_t> as_int64() const;       // decimal, "_" allowed between digits (250_000)
    Result<double> as_double() const;
    Result<bool> as_bool() const;                             // true/false, yes/no, on/off
    Result<Duration> as_duration() const;                     // "250ms", "1.5s", "6m0s", "55m"
    Result<std::vector<std::string>> as_string_list() const;  // a list of scalars
    Result<std::map<std::string, std::string>> as_string_map() const;  // scalar -> scalar

    // Fails on the first key of this map that is not in `allowed`, pointing at that key and
    // suggesting the closest allowed one: unknown key "provders" (did you mean "providers"?).
    // Also fails when this node is not a map (null counts as an empty map).
    Status check_keys(const std::vector<std::string>& allowed) const;

    // A config error located at this node: "file:line:col: path: message".
    Error error(std::string message) const;

    // Every key path below (and including) this node with its location, in document order:
    // map values under their key path (a scalar located at its value, anything else at its
    // key), sequence items as "path[i]". The root is listed under "".
    std::vector<std::pair<std::string, SourceLocation>> all_locations() const;

  private:
    friend struct YamlNodeAccess;
    std::shared_ptr<const YamlNodeData> m_data;
    std::string m_path;
    SourceLocation m_location;
};

// One `key: value` of a map. `key_location` points at the key, value.location() at the value.
struct YamlNode::Entry {
    std::string key;
    SourceLocation key_location;
    YamlNode value;

    // A config error located at the key (for unknown names, duplicates and the like).
    Error key_error(std::string message) const;
};

// Parses one YAML document. `source_name` is the file name used in every location. Syntax
// errors (and duplicate keys in any map) are ErrorCode::config errors located where yaml-cpp
// found them. Empty text yields a null root.
Result<YamlNode> parse_yaml(std::string_view text, const std::string& source_name);

// Joins a key path and a child key: ("", "a") -> "a", ("a", "b") -> "a.b".
std::string child_path(std::string_view parent, std::string_view key);

}  // namespace lifeline::config
