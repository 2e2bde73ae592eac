#pragma once
// The pieces parse_spec() (spec.hpp) is built from, shared by spec.cpp, spec_issuer.cpp and
// spec_store.cpp; internal to rotate-keys. Every error is ErrorCode::config at the node's
// file:line:col.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/config/yaml_reader.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/strings.hpp>

#include "spec.hpp"

namespace lifeline::rotate {

// Reads an optional string field into `target`, leaving it unchanged when absent.
Status read_string(const config::YamlNode& node, std::string_view key, std::string& target);
// Reads an optional command (a non-empty list of strings) into `target`, leaving it unchanged
// when absent; an empty list is an error.
Status read_argv(const config::YamlNode& node, std::string_view key,
                 std::vector<std::string>& target);
// An error at `node` saying `key` is missing (and `why` it is needed) when `value` is empty.
Status require_field(const config::YamlNode& node, std::string_view key, const std::string& value,
                     std::string_view why);

// The row of `rows` (each with a `name`) whose name is the string at `kind_node`. An unknown
// kind is an error naming the closest known one: unknown <what> kind "x" (did you mean "y"?).
template <typename Row, std::size_t N>
Result<const Row*> find_kind(const config::YamlNode& kind_node, std::string_view what,
                             const Row (&rows)[N]) {
    const std::string kind = LIFELINE_TRY(kind_node.as_string());
    std::vector<std::string> names;
    for (const Row& row : rows) {
        if (kind == row.name)
            return &row;
        names.push_back(row.name);
    }
    return fail(kind_node.error("unknown " + std::string(what) + " kind \"" + kind +
                                "\" (did you mean \"" + closest_match(kind, names) + "\"?)"));
}

// The `issuer:` mapping: its kind with that kind's defaults, the fields set over them, and the
// fields the kind requires (spec_issuer.cpp).
Result<IssuerSpec> parse_issuer(const config::YamlNode& node);
// The `store:` mapping: its kind with that kind's defaults, the fields set over them, and the
// fields the kind requires (spec_store.cpp).
Result<StoreSpec> parse_store(const config::YamlNode& node);

}  // namespace lifeline::rotate
