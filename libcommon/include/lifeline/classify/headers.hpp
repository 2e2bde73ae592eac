#pragma once
// Response headers as the classifier sees them. classify sits below http, so it has its own
// small type instead of http's response struct: an ordered list of (name, value) pairs.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lifeline {

// Header names keep the case the server sent; lookups ignore case (HTTP/1 vs HTTP/2).
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The trimmed value of the first header called `name` (ASCII case-insensitive);
// nullopt when the header is absent. An empty value is returned as "".
std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name);

}  // namespace lifeline
