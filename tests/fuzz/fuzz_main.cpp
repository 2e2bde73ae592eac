// The libFuzzer entry point of one fuzz_<name> executable: LIFELINE_FUZZ_BODY names its body
// (tests/fuzz/CMakeLists.txt), the function fuzz_replay also runs.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return lifeline::fuzz::LIFELINE_FUZZ_BODY(data, size);
}
