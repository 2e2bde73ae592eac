// The rotation spec file (lifeline-rotation.yaml): a spec or a config error with a location.

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "spec.hpp"

namespace lifeline::fuzz {

int fuzz_rotate_spec(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto spec = rotate::parse_spec(text, "lifeline-rotation.yaml");
    if (!spec) {
        LIFELINE_FUZZ_CHECK(!spec.error().to_string().empty());
        return 0;
    }
    for (const auto& name : spec->names())
        LIFELINE_FUZZ_CHECK(spec->find(name) != nullptr);
    return 0;
}

}  // namespace lifeline::fuzz
