// Codex config.toml import: parsed, then merged into the embedded default config the way
// pick-provider and run-with-failover merge it.

#include <lifeline/config/loader.hpp>
#include <lifeline/routing/codex_import.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_codex_toml(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto imported = routing::parse_codex_config(text, "config.toml");
    if (!imported) {
        LIFELINE_FUZZ_CHECK(!imported.error().to_string().empty());
        return 0;
    }
    auto config = config::parse_config(config::embedded_default_config(), "default");
    LIFELINE_FUZZ_CHECK(config.ok());
    routing::merge_codex_import(*config, *imported);
    return 0;
}

}  // namespace lifeline::fuzz
