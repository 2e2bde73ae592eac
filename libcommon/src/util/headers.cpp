#include <lifeline/util/headers.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline {

std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) {
    for (const Header& header : headers) {
        if (iequals(header.name, name))
            return trim(header.value);
    }
    return std::nullopt;
}

}  // namespace lifeline
