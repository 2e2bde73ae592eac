# Every dependency comes from a Debian 12 package (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3.10 CONFIG REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
find_package(simdjson CONFIG REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

# yaml-cpp 0.7 in Debian exports the target without a namespace.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
    add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()

# With LIFELINE_STATIC_DEPS the libraries Debian also ships as static archives are linked into
# the binaries, so starting a tool maps libc and libm only (libcurl is loaded with dlopen on the
# first request). run-with-failover starts once per agent step; each shared library costs its
# start-up about 0.3 ms on a CI VM (tests/bench/run-with-failover measures it).
# The libraries are used through lifeline::dep::<name>, whichever way they are linked.
option(LIFELINE_STATIC_DEPS "Link yaml-cpp, SQLite, hiredis and libsodium statically" ON)

function(lifeline_dependency name shared_target archive)
    set(target lifeline_dep_${name})
    add_library(${target} INTERFACE)
    if(LIFELINE_STATIC_DEPS)
        find_library(LIFELINE_${name}_ARCHIVE NAMES ${archive} REQUIRED)
        get_target_property(includes ${shared_target} INTERFACE_INCLUDE_DIRECTORIES)
        if(includes)
            target_include_directories(${target} INTERFACE ${includes})
        endif()
        target_link_libraries(${target} INTERFACE "${LIFELINE_${name}_ARCHIVE}" ${ARGN})
    else()
        target_link_libraries(${target} INTERFACE ${shared_target})
    endif()
    add_library(lifeline::dep::${name} ALIAS ${target})
endfunction()

lifeline_dependency(yaml_cpp yaml-cpp::yaml-cpp libyaml-cpp.a)
lifeline_dependency(sqlite3 SQLite::SQLite3 libsqlite3.a m ${CMAKE_DL_LIBS} Threads::Threads)
lifeline_dependency(hiredis PkgConfig::HIREDIS libhiredis.a)
lifeline_dependency(sodium PkgConfig::SODIUM libsodium.a Threads::Threads)

# toml++ is used header-only: Debian's libtomlplusplus.so.3 is not on stock CI runners, and
# only the Codex config.toml import parses TOML.
add_library(lifeline_dep_tomlplusplus INTERFACE)
get_target_property(lifeline_toml_includes tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
include(PatchedTomlplusplus)
lifeline_patched_tomlplusplus("${lifeline_toml_includes}" lifeline_toml_patched_include)
target_include_directories(lifeline_dep_tomlplusplus SYSTEM BEFORE INTERFACE
    ${lifeline_toml_patched_include})
target_include_directories(lifeline_dep_tomlplusplus INTERFACE ${lifeline_toml_includes})
target_compile_definitions(lifeline_dep_tomlplusplus INTERFACE TOML_HEADER_ONLY=1)
add_library(lifeline::dep::tomlplusplus ALIAS lifeline_dep_tomlplusplus)

if(LIFELINE_BUILD_TESTS)
    find_package(GTest REQUIRED)
    include(GoogleTest)
endif()
if(LIFELINE_BUILD_BENCH)
    find_package(benchmark QUIET)
endif()
