# Portable tool binaries: with LIFELINE_PORTABLE (the default) every tool runs on any glibc-based
# Linux from glibc 2.35 (Ubuntu 22.04) on, without Debian 12's shared C++ libraries.
#  - Tools whose C++ dependencies are all static link libstdc++ and libgcc in as well, with
#    libcommon/portable/glibc_compat.cpp (libstdc++'s arc4random, glibc 2.36).
#  - Tools that use a C++ library Debian ships only as a shared object (budget-check and
#    failover-proxy: simdjson; provider-sim: cpp-httplib) keep the system libstdc++ (GLIBCXX 3.4.30, gcc 12, on Ubuntu
#    22.04) and find that library in ../lib beside bin/ (RUNPATH $ORIGIN/../lib), where
#    scripts/package.sh puts it; a .deb install finds the system's.
#  - No packed relative relocations (they need glibc 2.36's loader).
# scripts/check-portable.sh checks the result: the newest GLIBC symbol version, and that every
# NEEDED library is a base library of a stock runner or bundled.
option(LIFELINE_PORTABLE "Tool binaries that run on glibc >= 2.35 (Ubuntu 22.04 on)" ON)
set(LIFELINE_TOOLS_WITH_SHARED_CXX_DEPS budget-check failover-proxy provider-sim)
# Release builds (what scripts/package.sh ships) drop the functions no tool calls: a section per
# function, collected at link time.
if(LIFELINE_PORTABLE)
    add_compile_options("$<$<CONFIG:Release>:-ffunction-sections;-fdata-sections>")
endif()

function(lifeline_portable_tool target)
    if(NOT LIFELINE_PORTABLE OR LIFELINE_SANITIZE OR LIFELINE_FUZZ)
        return()
    endif()
    if(target IN_LIST LIFELINE_TOOLS_WITH_SHARED_CXX_DEPS)
        # The build tree's binary carries it too (its ../lib does not exist: the system's is used).
        set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/../lib"
            BUILD_WITH_INSTALL_RPATH ON)
    else()
        target_sources(${target} PRIVATE "${PROJECT_SOURCE_DIR}/libcommon/portable/glibc_compat.cpp")
        # --as-needed keeps shared C++ libraries a dependency names but the tool never calls
        # out of the binary: they would bring a second libstdc++.
        target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc "LINKER:--as-needed")
    endif()
    target_link_options(${target} PRIVATE "$<$<CONFIG:Release>:LINKER:--gc-sections>")
endfunction()
