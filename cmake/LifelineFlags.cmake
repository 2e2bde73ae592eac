# One INTERFACE target carries the warnings and sanitizer flags every lifeline target uses.
add_library(lifeline_build_flags INTERFACE)
add_library(lifeline::build_flags ALIAS lifeline_build_flags)
target_compile_options(lifeline_build_flags INTERFACE
    -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Wformat=2)

if(LIFELINE_SANITIZE)
    target_compile_options(lifeline_build_flags INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(lifeline_build_flags INTERFACE -fsanitize=address,undefined)
endif()

# Fuzz builds: coverage for libFuzzer in every lifeline target, AddressSanitizer and
# UndefinedBehaviorSanitizer. Only the fuzz_<target> executables link libFuzzer. The build type
# sets the optimisation: scripts/fuzz.sh's build-fuzz/ uses -O1 -g1 (fast fuzzing, usable
# stacks); .ci/run's Debug sanitizer tree holds the fuzz targets at -O0 for its short smoke.
if(LIFELINE_FUZZ)
    target_compile_options(lifeline_build_flags INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    target_link_options(lifeline_build_flags INTERFACE -fsanitize=address,undefined)
endif()
