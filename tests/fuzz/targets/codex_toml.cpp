// Codex config.toml import: parsed, then merged into the embedded default config the way
// pick-provider and run-with-failover merge it.

#include <lifeline/config/codex_import.hpp>
#include <lifeline/config/loader.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_codex_toml(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto imported = config::parse_codex_config(text, "config.toml");
    if (!imported) {
        LIFELINE_FUZZ_CHECK(!imported.error().to_string().empty());
        return 0;
    }
    auto config = config::parse_config(config::embedded_default_config(), "default");
    LIFELINE_FUZZ_CHECK(config.ok());
    config::merge_codex_import(*config, *imported);
    return 0;
}

}  // namespace lifeline::fuzz
