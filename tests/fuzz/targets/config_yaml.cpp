// lifeline.yaml: any text is a Config or a config error with a location, never a throw.

#include <lifeline/config/loader.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_config_yaml(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto config = config::parse_config(text, "lifeline.yaml");
    if (!config)
        LIFELINE_FUZZ_CHECK(!config.error().to_string().empty());
    return 0;
}

}  // namespace lifeline::fuzz
