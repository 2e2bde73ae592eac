#pragma once
// A ProcessRunner that records every spec and answers from a queue of scripted results.
// Scripted output is delivered through the spec's callbacks (or captured) as a real run would.

#include <deque>
#include <vector>

#include <lifeline/process/runner.hpp>

namespace lifeline::testing {

struct ScriptedRun {
    int exit_code = 0;
    std::string stdout_text;
    std::string stderr_text;
    bool timed_out = false;
    bool idle_timed_out = false;
};

class FakeProcessRunner final : public process::ProcessRunner {
  public:
    void enqueue(ScriptedRun run) { m_queue.push_back(std::move(run)); }

    Result<process::ProcessResult> run(const process::ProcessSpec& spec) override {
        m_specs.push_back(spec);
        if (spec.argv.empty())
            return fail(ErrorCode::invalid_input, "empty argv");
        if (m_queue.empty())
            return fail(ErrorCode::not_found, "no scripted run for " + spec.argv[0]);
        ScriptedRun scripted = std::move(m_queue.front());
        m_queue.pop_front();
        process::ProcessResult result;
        result.exit_code = scripted.exit_code;
        result.timed_out = scripted.timed_out;
        result.idle_timed_out = scripted.idle_timed_out;
        if (spec.on_stdout) {
            if (!scripted.stdout_text.empty())
                spec.on_stdout(scripted.stdout_text);
        } else {
            result.captured_stdout = scripted.stdout_text;
        }
        if (spec.on_stderr) {
            if (!scripted.stderr_text.empty())
                spec.on_stderr(scripted.stderr_text);
        } else {
            result.captured_stderr = scripted.stderr_text;
        }
        return result;
    }

    const std::vector<process::ProcessSpec>& specs() const { return m_specs; }

  private:
    std::deque<ScriptedRun> m_queue;
    std::vector<process::ProcessSpec> m_specs;
};

}  // namespace lifeline::testing
