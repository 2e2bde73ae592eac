#pragma once
// Shell-style name patterns with only two wildcards, for matching model names against aliases.

#include <string_view>

namespace lifeline {

// True when `text` as a whole matches `pattern`: `*` matches any run of characters (none
// included), `?` exactly one character (one byte: names are ASCII), every other character
// only itself, case-sensitively. No escapes and no [classes] or {alternatives}: `[` and `{`
// are plain characters here. An empty pattern matches only empty text. Runs in
// O(pattern x text) at worst, without recursion.
bool glob_match(std::string_view pattern, std::string_view text);

// True when `pattern` contains `*` or `?` (a glob); false for an exact name.
bool is_glob(std::string_view pattern);

}  // namespace lifeline
