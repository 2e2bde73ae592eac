#include <cstdlib>
#include <string>

#include <lifeline/app/system.hpp>

extern char** environ;

namespace lifeline::app {

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr)
        return std::nullopt;
    return std::string(value);
}

std::map<std::string, std::string> ProcessEnvironment::all() const {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const size_t equals = text.find('=');
        if (equals == std::string_view::npos)
            continue;
        variables.emplace(std::string(text.substr(0, equals)),
                          std::string(text.substr(equals + 1)));
    }
    return variables;
}

}  // namespace lifeline::app
