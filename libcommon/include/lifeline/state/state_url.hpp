#pragma once
// Parsing of state store URLs (see state/open.hpp for the accepted forms).

#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace lifeline::state {

enum class StateBackend { memory, sqlite, redis };

struct StateUrl {
    StateBackend backend = StateBackend::memory;
    std::string path;  // sqlite: the file path as written (absolute or relative)
    std::string host;  // redis
    int port = 6379;
    int database = 0;
    std::string user;      // redis ACL user; empty for none
    std::string password;  // redis; empty for none. Never printed.
    std::string prefix = "lifeline:";

    // The URL without the password, for messages ("redis://user:***@host:6379/0").
    std::string redacted() const;
};

// Errors (invalid_input) name the URL without its password: unknown scheme, missing path or
// host, a bad port or database number, an unknown query parameter.
Result<StateUrl> parse_state_url(std::string_view url);

}  // namespace lifeline::state
