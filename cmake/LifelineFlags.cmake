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
