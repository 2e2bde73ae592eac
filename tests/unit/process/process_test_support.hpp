#pragma once
// Helpers shared by the process tests: reading and writing files, /bin/sh specs with safety
// limits (every test is bounded even if the runner misbehaves), and "is this pid alive".
// Their scratch directories are lifeline::testing::TempDir (tests/support/temp_dir.hpp).

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <lifeline/process/runner.hpp>

namespace lifeline::process::testing {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

// `script` run by /bin/sh with a minimal environment, a 10 s safety timeout (no test here
// expects to get near it) and a short kill grace.
inline ProcessSpec shell(const std::string& script) {
    ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", script};
    spec.env = {{"PATH", "/usr/bin:/bin"}};
    spec.timeout = Duration{10'000};
    spec.kill_grace = Duration{200};
    return spec;
}

// True while `pid` exists and is not a zombie (an orphan reparented to a PID 1 that does
// not reap stays a zombie, but it is dead: it runs nothing and holds no descriptors).
inline bool process_alive(int pid) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto paren = stat.rfind(')');
    if (stat.empty() || paren == std::string::npos || paren + 2 >= stat.size())
        return false;
    char state = stat[paren + 2];
    return state != 'Z' && state != 'X';
}

}  // namespace lifeline::process::testing
