#pragma once
// HTTP headers: the one type every module uses (the transport, the classifiers, the tools).
// An ordered list of (name, value) pairs, names in the case the peer sent them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline {

struct Header {
    std::string name;
    std::string value;
};

using Headers = std::vector<Header>;

// The value of the first header called `name` (ASCII case-insensitive, as HTTP/1 and HTTP/2
// names compare), with surrounding whitespace trimmed; nullopt when the header is absent. An
// empty value is returned as "". The view points into `headers`.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

}  // namespace lifeline
