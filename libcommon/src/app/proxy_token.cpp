#include <lifeline/app/proxy_token.hpp>

#include <lifeline/util/os_random.hpp>

namespace lifeline::app {

std::string new_proxy_token() {
    return "llp-" + os_random_hex(4);
}

}  // namespace lifeline::app
