#include "command_mode.hpp"

#include <ostream>

#include <unistd.h>

#include <lifeline/process/runner.hpp>

#include "agent_text.hpp"
#include "attempt_key.hpp"
#include "proxy_trail.hpp"

namespace run_with_failover {

namespace {

// The classifiers read the end of the output (where agents print their final error and usage);
// keeping a bounded tail keeps memory flat however much an agent prints.
constexpr size_t k_tail_bytes = 512 * 1024;

class OutputTail {
  public:
    void append(std::string_view chunk) {
        m_text.append(chunk);
        if (m_text.size() > 2 * k_tail_bytes)
            m_text.erase(0, m_text.size() - k_tail_bytes);
    }
    std::string_view text() const {
        std::string_view view = m_text;
        return view.size() > k_tail_bytes ? view.substr(view.size() - k_tail_bytes) : view;
    }

  private:
    std::string m_text;
};

std::string describe_classification(const lifeline::Classification& classification) {
    std::string text = classification.reason;
    if (!classification.message.empty())
        text += (text.empty() ? "" : ": ") + classification.message;
    return text;
}

}  // namespace

Duration attempt_timeout_for(Duration configured, int shorter_timeouts) {
    if (configured <= Duration{0})
        return Duration{0};
    Duration timeout = configured;
    for (int i = 0; i < shorter_timeouts; ++i)
        timeout /= 2;
    return std::max(timeout, std::min(configured, k_min_attempt_timeout));
}

CommandExecutor::CommandExecutor(lifeline::Context& context,
                                 const std::vector<lifeline::routing::RouteCandidate>& chain,
                                 const AgentAdapter& adapter, CommandSettings settings,
                                 lifeline::provider::CredentialResolver& credentials,
                                 lifeline::secret::Redactor& redactor)
    : m_context(context),
      m_chain(chain),
      m_adapter(adapter),
      m_settings(std::move(settings)),
      m_credentials(credentials),
      m_redactor(redactor),
      m_stdout(context.out) {}

CommandExecutor::~CommandExecutor() {
    if (m_wrote_private_dir)
        (void)m_context.fs.remove_tree(m_settings.private_dir);
}

lifeline::Status CommandExecutor::write_agent_files(const std::vector<AgentFile>& files) {
    for (const AgentFile& file : files) {
        m_wrote_private_dir = true;
        if (auto written = m_context.fs.write_file_atomic(file.path, file.content, 0600);
            !written) {
            return lifeline::fail(written.error().code, "cannot write the agent's " + file.path +
                                                            ": " + written.error().message);
        }
    }
    return {};
}

AttemptReport CommandExecutor::run_attempt(const AttemptRequest& request) {
    const lifeline::SystemTime started = m_context.clock.now();
    AttemptReport report = sidecar_failure() ? AttemptReport{} : run_child(request);
    // The proxy failed before it was ready: an agent that failed (or was stopped, or never
    // started) had no answer to work with. One that succeeded without it keeps its result.
    if (auto failure = sidecar_failure();
        failure && !report.outcome.success && !report.signal && !report.output_lost) {
        const std::optional<int> exit_code = report.exit_code;
        report = failed_attempt(lifeline::FailureClass::network, *failure);
        report.exit_code = exit_code;
        report.abandoned = *failure;
        return report;
    }
    if (!m_settings.proxy_access_log.empty())
        add_proxy_record(report, started);
    return report;
}

std::optional<std::string> CommandExecutor::sidecar_failure() const {
    return m_settings.sidecar_failure ? m_settings.sidecar_failure() : std::nullopt;
}

void CommandExecutor::add_proxy_record(AttemptReport& report, lifeline::SystemTime started) {
    auto text = m_context.fs.read_file(m_settings.proxy_access_log);
    if (!text)
        return;
    const auto requests = read_proxy_log(*text);
    // A second of slack: the log's times are the proxy's clock, to the millisecond.
    const lifeline::SystemTime from = started - std::chrono::seconds(1);
    const lifeline::SystemTime to = m_context.clock.now() + std::chrono::seconds(1);
    report.proxy = summarize_proxy_requests(requests, from, to);
    if (report.outcome.success || report.signal || report.output_lost)
        return;
    // The proxy saw the upstream's own answer: a truer class than the agent's error text.
    if (auto failure = proxy_failure_class(requests, from, to)) {
        report.detail += " (failover-proxy: the last failed request ended " +
                         std::string(lifeline::to_string(*failure)) + ")";
        report.outcome.failure_class = *failure;
    }
}

AttemptReport CommandExecutor::run_child(const AttemptRequest& request) {
    const lifeline::routing::RouteCandidate& candidate = m_chain.at(request.candidate);
    auto key = key_for(candidate.provider);
    if (!key) {
        // A missing key is this credential failing: the policy moves on to another one.
        return failed_attempt(lifeline::FailureClass::auth, key.error().to_string());
    }
    const lifeline::secret::Secret* secret = *key ? &**key : nullptr;
    AgentTarget target{candidate.provider, candidate.model, secret, m_settings.max_turns};
    target.agent_retries = std::min(m_settings.agent_retries, request.attempts_left_after);
    target.quiet = m_settings.quiet_agent;
    target.private_dir = m_settings.private_dir;
    target.via_proxy = m_settings.proxy_token.has_value();
    target.background_model = m_settings.background_model;
    EnvMap env = m_context.env.all();
    for (const std::string& name : m_settings.hidden_env)
        env.erase(name);
    Invocation invocation = m_adapter.prepare(m_settings.argv, std::move(env), target);
    if (lifeline::Status written = write_agent_files(invocation.files); !written) {
        AttemptReport report =
            failed_attempt(lifeline::FailureClass::bad_request, written.error().to_string());
        report.setup_error = written.error().message;
        return report;
    }

    OutputTail stdout_tail;
    OutputTail stderr_tail;
    lifeline::secret::StreamRedactor stdout_redacted(
        m_redactor, [this](std::string_view bytes) { m_stdout.write(bytes); });
    lifeline::secret::StreamRedactor stderr_redacted(m_redactor, [this](std::string_view bytes) {
        m_context.err.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        m_context.err.flush();
    });
    lifeline::process::ProcessSpec spec = process_spec(std::move(invocation), request);
    spec.on_stdout = [&](std::string_view chunk) {
        stdout_tail.append(chunk);
        stdout_redacted.write(chunk);
    };
    spec.on_stderr = [&](std::string_view chunk) {
        stderr_tail.append(chunk);
        stderr_redacted.write(chunk);
    };
    auto result = m_context.processes.run(spec);
    stdout_redacted.flush();
    stderr_redacted.flush();
    if (!result) {
        // The command itself cannot run (not found, not executable): no provider will fix
        // that. Exit like a shell would.
        AttemptReport report =
            failed_attempt(lifeline::FailureClass::task_failed, result.error().to_string());
        report.outcome.exit_code =
            result.error().code == lifeline::ErrorCode::not_found ? 127 : 126;
        report.exit_code = report.outcome.exit_code;
        return report;
    }
    if (auto ended = ended_by_lifeline(*result, spec))
        return *ended;
    return classified(AgentOutput{result->exit_code, stdout_tail.text(), stderr_tail.text(),
                                  target.agent_retries});
}

lifeline::Result<std::optional<lifeline::secret::Secret>> CommandExecutor::key_for(
    const lifeline::config::ProviderConfig& provider) {
    if (!m_settings.proxy_token)
        return attempt_key(m_credentials, m_redactor, provider);
    m_redactor.add_secret(*m_settings.proxy_token);
    return std::optional<lifeline::secret::Secret>(*m_settings.proxy_token);
}

lifeline::process::ProcessSpec CommandExecutor::process_spec(Invocation invocation,
                                                             const AttemptRequest& request) {
    lifeline::process::ProcessSpec spec;
    spec.argv = std::move(invocation.argv);
    spec.env = std::move(invocation.env);
    spec.timeout = attempt_timeout_for(m_settings.attempt_timeout, request.shorter_timeouts);
    spec.idle_timeout = m_settings.idle_timeout;
    spec.kill_grace = m_settings.kill_grace;
    if (const std::string warning = prepare_stdin(m_settings.stdin_plan, STDIN_FILENO, spec);
        !warning.empty()) {
        m_context.err << "run-with-failover: warning: " << warning << "\n";
    }
    if (request.number > 1 && m_settings.stdin_plan.shared_pipe && !m_noted_shared_stdin) {
        m_noted_shared_stdin = true;
        m_context.err << "run-with-failover: note: stdin is a pipe shared by every attempt; if the "
                         "agent reads its prompt from stdin, pass --replay-stdin so that each "
                         "attempt gets all of it\n";
    }
    // Nobody reads the agent's output any more: the agent is ended as a shell pipeline's
    // SIGPIPE would end it, instead of running on unread.
    spec.stop_requested = [this] { return m_stdout.lost(); };
    // An agent whose proxy failed before it was ready can get no answer: it is stopped.
    spec.stop_fd = m_settings.sidecar_failure_fd;
    return spec;
}

std::optional<AttemptReport> CommandExecutor::ended_by_lifeline(
    const lifeline::process::ProcessResult& result, const lifeline::process::ProcessSpec& spec) {
    AttemptReport report;
    report.exit_code = result.exit_code;
    report.outcome.exit_code = result.exit_code;
    if (result.forwarded_signal) {
        report.signal = result.forwarded_signal;
        report.outcome.failure_class = lifeline::FailureClass::task_failed;
        report.detail = "lifeline received signal " + std::to_string(*result.forwarded_signal) +
                        " and forwarded it to the agent";
        return report;
    }
    if (m_stdout.lost()) {
        report.outcome.failure_class = lifeline::FailureClass::task_failed;
        report.detail = m_stdout.why_lost() + ": the agent's process group was ended";
        mark_lost_output(m_stdout, report);
        return report;
    }
    if (result.timed_out || result.idle_timed_out) {
        report.outcome.failure_class = lifeline::FailureClass::timeout;
        report.detail = result.idle_timed_out
                            ? "no output for " + lifeline::format_duration(spec.idle_timeout) +
                                  " (idle timeout): the process group was terminated"
                            : "attempt timeout " + lifeline::format_duration(spec.timeout) +
                                  " reached: the process group was terminated";
        return report;
    }
    return std::nullopt;
}

AttemptReport CommandExecutor::classified(const AgentOutput& output) {
    AttemptReport report;
    report.exit_code = output.exit_code;
    report.outcome.exit_code = output.exit_code;
    AgentVerdict verdict = m_adapter.classify(output, m_context.clock.now());
    if (!verdict.setup_error.empty()) {
        report.outcome.failure_class = lifeline::FailureClass::bad_request;
        report.detail = std::string(to_string(m_adapter.kind())) + ": " + verdict.setup_error;
        report.setup_error = verdict.setup_error;
        return report;
    }
    if (!verdict.classification.is_success() || output.exit_code != 0) {
        // The user's patterns extend (and override) what the adapter knows.
        const std::string text = std::string(tail_lines(output.stderr_text, 50)) + "\n" +
                                 std::string(tail_lines(output.stdout_text, 50));
        if (auto user = match_user_patterns(m_settings.patterns, to_string(m_adapter.kind()), text))
            verdict.classification = *user;
    }
    report.usage = verdict.usage;
    if (verdict.classification.is_success()) {
        report.outcome = lifeline::policy::AttemptOutcome::succeeded();
        report.outcome.exit_code = output.exit_code;
        return report;
    }
    report.outcome.failure_class = *verdict.classification.failure_class;
    report.outcome.wait_hint = verdict.classification.wait_hint;
    report.outcome.agent_retries = verdict.agent_retries;
    report.detail = std::string(to_string(m_adapter.kind())) + ": " +
                    describe_classification(verdict.classification);
    return report;
}

lifeline::Status CommandExecutor::compress() {
    if (m_settings.compress_command.empty())
        return lifeline::fail(lifeline::ErrorCode::unsupported, "no --on-context-exceeded hook");
    lifeline::process::ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", m_settings.compress_command};
    spec.env = m_context.env.all();
    spec.timeout = m_settings.attempt_timeout;
    spec.kill_grace = m_settings.kill_grace;
    lifeline::secret::StreamRedactor redacted(m_redactor, [this](std::string_view bytes) {
        m_context.err.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        m_context.err.flush();
    });
    spec.on_stdout = [&](std::string_view chunk) { redacted.write(chunk); };
    spec.on_stderr = [&](std::string_view chunk) { redacted.write(chunk); };
    auto result = LIFELINE_TRY(m_context.processes.run(spec));
    redacted.flush();
    if (result.exit_code != 0 || result.timed_out) {
        return lifeline::fail(lifeline::ErrorCode::unavailable,
                              "--on-context-exceeded exited " + std::to_string(result.exit_code));
    }
    return {};
}

}  // namespace run_with_failover
