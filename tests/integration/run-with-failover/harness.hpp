#pragma once
// Runs the real run-with-failover binary in a scratch directory (a support TempDir plus the
// fake agents' environment) and reads its status file; starts provider-sim fleets on 127.0.0.1
// with ephemeral ports.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <lifeline/process/posix_runner.hpp>

#include "support/temp_dir.hpp"

namespace rwf_it {

namespace fs = std::filesystem;

inline void write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Polls for a non-empty file for up to `seconds`.
inline bool wait_for_file(const fs::path& path, int seconds = 10) {
    for (int i = 0; i < seconds * 50; ++i) {
        if (fs::exists(path) && fs::file_size(path) > 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    nlohmann::json status;  // the --status-file document (null when missing)

    const nlohmann::json& attempts() const { return status["data"]["attempts"]; }
    std::vector<std::string> classes() const {
        std::vector<std::string> list;
        for (const auto& attempt : status["data"]["attempts"])
            list.push_back(attempt["class"].is_null() ? "ok" : attempt["class"].get<std::string>());
        return list;
    }
};

class Scratch {
  public:
    Scratch()
        : m_temp("rwf-it"),
          m_dir(m_temp.path()),
          m_env({{"PATH", std::string(AGENTS_DIR) + ":/usr/bin:/bin"},
                 {"HOME", m_dir.string()},
                 {"PRIMARY_KEY", "sk-sim-primary-0123456789abcdef"},
                 {"SECONDARY_KEY", "sk-sim-secondary-0123456789abcd"},
                 {"FAKE_LOG", (m_dir / "attempts.log").string()}}) {}

    const fs::path& dir() const { return m_dir; }
    fs::path path(const std::string& name) const { return m_dir / name; }
    void set_env(const std::string& name, const std::string& value) { m_env[name] = value; }

    // lifeline.yaml with two openai-compatible providers (primary, secondary) serving m1, m2.
    void write_config(const std::string& primary_url, const std::string& secondary_url,
                      const std::string& extra = "") {
        write_file(path("lifeline.yaml"),
                   "version: 1\nproviders:\n"
                   "  primary:   {kind: openai-compatible, base_url: \"" +
                       primary_url +
                       "\", auth: {env: PRIMARY_KEY}}\n"
                       "  secondary: {kind: openai-compatible, base_url: \"" +
                       secondary_url +
                       "\", auth: {env: SECONDARY_KEY}}\n"
                       "models:\n  m1: {provider: primary}\n  m2: {provider: secondary}\n"
                       "lanes:\n  code: [m1, m2]\n" +
                       extra);
    }

    // Runs the binary with `args`; `stdin_data` arrives on a pipe (else stdin is /dev/null).
    RunResult run(std::vector<std::string> args,
                  std::optional<std::string> stdin_data = std::nullopt) {
        std::vector<std::string> argv = {
            RWF_BINARY, "--config",      path("lifeline.yaml").string(), "--state",
            "memory:",  "--status-file", path("status.json").string()};
        // These tests pin step-level failover (one attempt per candidate); proxy mode has its
        // own tests (test_proxy_mode.cpp, tests/e2e/failover-proxy-agents).
        if (std::find(args.begin(), args.end(), "--via") == args.end()) {
            argv.push_back("--via");
            argv.push_back("direct");
        }
        argv.insert(argv.end(), args.begin(), args.end());
        lifeline::process::ProcessSpec spec;
        spec.argv = argv;
        spec.env = m_env;
        spec.working_directory = m_dir.string();
        spec.timeout = std::chrono::seconds(90);
        spec.stdin_data = std::move(stdin_data);
        lifeline::process::PosixProcessRunner runner;
        auto result = runner.run(spec);
        RunResult run;
        if (!result) {
            ADD_FAILURE() << result.error().to_string();
            return run;
        }
        run.exit_code = result->exit_code;
        run.out = result->captured_stdout;
        run.err = result->captured_stderr;
        if (fs::exists(path("status.json")))
            run.status = nlohmann::json::parse(read_file(path("status.json")), nullptr, false);
        fs::remove(path("status.json"));
        return run;
    }

    // The lines the fake agents logged ("<model> <signature>"), one per attempt.
    std::vector<std::string> attempt_log() const {
        std::vector<std::string> lines;
        std::istringstream in(read_file(m_dir / "attempts.log"));
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        return lines;
    }

  private:
    lifeline::testing::TempDir m_temp;  // removed with its files when the Scratch goes
    fs::path m_dir;                     // m_temp.path()
    std::map<std::string, std::string> m_env;
};

}  // namespace rwf_it
