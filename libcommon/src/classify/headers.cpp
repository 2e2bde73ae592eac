#include <lifeline/classify/headers.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline {

std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name) {
    for (const auto& [header_name, value] : headers) {
        if (iequals(header_name, name)) {
            return trim(value);
        }
    }
    return std::nullopt;
}

}  // namespace lifeline
