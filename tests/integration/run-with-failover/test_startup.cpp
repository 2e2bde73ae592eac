// run-with-failover starts once per agent step, so it maps as little as it can: libcurl (and
// the thirty libraries it pulls in) only when a request is made, and, when built with
// LIFELINE_STATIC_DEPS and LIFELINE_PORTABLE (the defaults), nothing but libc and libm. The wrapped
// command reads its parent's /proc/<pid>/maps, so this is what the running process really mapped.

#include <set>

#include "harness.hpp"

namespace rwf_it {
namespace {

std::set<std::string> mapped_libraries(const std::string& maps) {
    std::set<std::string> names;
    std::istringstream lines(maps);
    for (std::string line; std::getline(lines, line);) {
        const size_t slash = line.rfind('/');
        if (slash == std::string::npos)
            continue;
        const std::string name = line.substr(slash + 1);
        if (name.find(".so") != std::string::npos)
            names.insert(name);
    }
    return names;
}

std::string joined(const std::set<std::string>& names) {
    std::string text;
    for (const std::string& name : names)
        text += name + " ";
    return text;
}

TEST(Startup, CommandModeMapsNoLibcurlAndOnlyTheCLibraries) {
    Scratch scratch;
    scratch.write_config("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2");
    RunResult result =
        scratch.run({"--chain", "m1", "--", "/bin/sh", "-c", "cat /proc/$PPID/maps"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::set<std::string> libraries = mapped_libraries(result.out);
    ASSERT_FALSE(libraries.empty()) << result.out;  // libc at least: the maps were read

    for (const std::string& name : libraries)
        EXPECT_EQ(name.find("libcurl"), std::string::npos) << joined(libraries);
    if (RWF_STATIC_DEPS) {
        for (const std::string& name : libraries) {
            EXPECT_TRUE(name.rfind("libc.so", 0) == 0 || name.rfind("libm.so", 0) == 0 ||
                        name.rfind("ld-linux", 0) == 0)
                << name << " is mapped; all: " << joined(libraries);
        }
    }
}

}  // namespace
}  // namespace rwf_it
