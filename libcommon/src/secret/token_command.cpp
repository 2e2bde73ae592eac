#include <sodium.h>

#include <lifeline/secret/redactor.hpp>
#include <lifeline/secret/token_command.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::secret {
namespace {

constexpr size_t k_max_stderr_hint = 200;

void wipe(std::string& text) {
    if (text.capacity() > 0)
        sodium_memzero(text.data(), text.capacity());
    text.clear();
}

// The last non-empty stderr line, redacted and shortened: `az` explains "Please run 'az
// login'" there, which is what the user needs to see. Never stdout: that is the token.
std::string stderr_hint(std::string_view stderr_text) {
    std::string line;
    for (const std::string& part : split(stderr_text, '\n')) {
        const std::string_view trimmed = trim(part);
        if (!trimmed.empty())
            line = std::string(trimmed);
    }
    if (line.empty())
        return "";
    std::string hint = Redactor().redact(line);
    if (hint.size() > k_max_stderr_hint)
        hint = hint.substr(0, k_max_stderr_hint) + "...";
    return ": " + hint;
}

}  // namespace

TokenCommand::TokenCommand(process::ProcessRunner& runner, const Clock& clock,
                           TokenCommandSpec spec)
    : m_runner(runner), m_clock(clock), m_spec(std::move(spec)) {}

void TokenCommand::invalidate() {
    m_cached.reset();
}

Result<Secret> TokenCommand::token() {
    if (m_spec.argv.empty())
        return fail(ErrorCode::invalid_input, "auth command is empty");
    const std::string& name = m_spec.argv.front();
    if (m_cached && m_spec.refresh.count() > 0 &&
        elapsed_between(m_fetched_at, m_clock.steady_now()) < m_spec.refresh) {
        return *m_cached;
    }
    m_cached.reset();

    process::ProcessSpec spec;
    spec.argv = m_spec.argv;
    spec.env = m_spec.env;
    spec.timeout = m_spec.timeout;
    const SteadyTime started = m_clock.steady_now();
    auto run = m_runner.run(spec);
    if (!run) {
        Error error = run.error();
        error.message = "auth command " + name + " could not run: " + error.message;
        return fail(std::move(error));
    }
    process::ProcessResult result = std::move(run).value();
    // The token may sit in this buffer; do not leave it behind on any path.
    std::string output = std::move(result.captured_stdout);
    wipe(result.captured_stdout);

    if (result.timed_out || result.idle_timed_out) {
        wipe(output);
        return fail(ErrorCode::timeout,
                    "auth command " + name + " timed out after " + format_duration(m_spec.timeout));
    }
    if (result.exit_code != 0) {
        wipe(output);
        return fail(ErrorCode::unavailable, "auth command " + name + " exited with code " +
                                                std::to_string(result.exit_code) +
                                                stderr_hint(result.captured_stderr));
    }
    const std::string_view token = trim(output);
    if (token.empty()) {
        wipe(output);
        return fail(ErrorCode::unavailable, "auth command " + name + " printed no token");
    }
    if (token.find_first_of("\r\n") != std::string_view::npos) {
        wipe(output);
        return fail(ErrorCode::unavailable, "auth command " + name +
                                                " printed more than one line; expected only "
                                                "the token (use its tsv/raw output option)");
    }
    Secret secret(token);
    wipe(output);
    if (m_spec.refresh.count() > 0) {
        m_cached = secret;
        m_fetched_at = started;
    }
    return secret;
}

}  // namespace lifeline::secret
