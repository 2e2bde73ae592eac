#include "tool_run.hpp"

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace lifeline::testing {

ToolOutcome run_tool(const std::string& binary, const std::vector<std::string>& args,
                     const std::string& cwd, std::map<std::string, std::string> env,
                     std::chrono::seconds limit) {
    ChildSpec spec;
    spec.argv = {binary};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.cwd = cwd;
    env.try_emplace("PATH", "/usr/bin:/bin");
    spec.env = std::move(env);
    spec.stdout_path = cwd + "/.stdout";
    spec.stderr_path = cwd + "/.stderr";

    ToolOutcome outcome;
    const auto started = std::chrono::steady_clock::now();
    outcome.exit_code = wait_child(spawn_child(spec), limit);
    outcome.wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    outcome.out = read_text_file(spec.stdout_path);
    outcome.err = read_text_file(spec.stderr_path);
    outcome.doc = nlohmann::json::parse(outcome.out, nullptr, false);
    if (outcome.doc.is_discarded())
        outcome.doc = nullptr;
    return outcome;
}

}  // namespace lifeline::testing
