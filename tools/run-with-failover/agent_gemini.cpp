// Gemini CLI (`gemini -p`): the candidate goes in as GOOGLE_GEMINI_BASE_URL, GEMINI_API_KEY and
// `-m` (which also skips its flash-lite routing call), and a private Gemini home per run
// (GEMINI_CLI_HOME) whose generated settings.json selects API-key auth, sets the retry count
// and the turn limit, and turns telemetry off: a fresh runner works, and the user's ~/.gemini is
// never touched. The result is read from `--output-format json` (stdout on success, the error
// document on stderr), its documented exit codes, and its error texts.

#include <algorithm>

#include "agent.hpp"
#include "agent_text.hpp"
#include "jsonl.hpp"

namespace run_with_failover {

namespace {

// Gemini CLI's fatal exit codes (packages/core FatalError subclasses).
constexpr int k_exit_auth = 41;
constexpr int k_exit_input = 42;
constexpr int k_exit_config = 52;
constexpr int k_exit_turn_limit = 53;
constexpr int k_exit_untrusted = 55;
// general.maxAttempts is capped at 10 by Gemini CLI; 0 would skip the request altogether.
constexpr int k_max_attempts_cap = 10;

// stats.models.<name>.tokens {prompt, candidates, cached, thoughts} summed over the models
// (json), or the result event's stats {input_tokens, output_tokens} (stream-json).
std::optional<lifeline::provider::Usage> gemini_usage(const nlohmann::json& stats) {
    if (!stats.is_object())
        return std::nullopt;
    lifeline::provider::Usage usage;
    bool found = false;
    if (stats.contains("models") && stats["models"].is_object()) {
        for (const auto& [name, model] : stats["models"].items()) {
            if (!model.is_object() || !model.contains("tokens"))
                continue;
            const nlohmann::json& tokens = model["tokens"];
            usage.input_tokens += json_int(tokens, "prompt");
            usage.output_tokens += json_int(tokens, "candidates") + json_int(tokens, "thoughts");
            usage.cached_input_tokens += json_int(tokens, "cached");
            usage.reasoning_tokens += json_int(tokens, "thoughts");
            found = true;
        }
    } else if (stats.contains("input_tokens") || stats.contains("output_tokens")) {
        usage.input_tokens = json_int(stats, "input_tokens");
        usage.output_tokens = json_int(stats, "output_tokens");
        usage.cached_input_tokens = json_int(stats, "cached");
        found = true;
    }
    return found ? std::optional(usage) : std::nullopt;
}

// The settings.json of the private Gemini home.
std::string gemini_settings(const AgentTarget& target) {
    nlohmann::json settings;
    // GOOGLE_GEMINI_BASE_URL alone makes Gemini CLI pick a "gateway" auth it then rejects
    // (exit 41, "Invalid auth method selected."): API-key auth must be chosen here.
    settings["security"]["auth"]["selectedType"] = "gemini-api-key";
    settings["model"]["name"] = target.model.upstream_id();
    if (target.max_turns)
        settings["model"]["maxSessionTurns"] = *target.max_turns;
    // Its own retries (10 by default, 5 s doubling to 30 s) would outlast the step: one request
    // plus lifeline's same-candidate retries.
    settings["general"]["maxAttempts"] =
        std::clamp(1 + target.agent_retries, 1, k_max_attempts_cap);
    if (target.quiet) {
        settings["general"]["enableAutoUpdate"] = false;
        settings["general"]["enableAutoUpdateNotification"] = false;
        settings["privacy"]["usageStatisticsEnabled"] = false;
        settings["telemetry"]["enabled"] = false;
    }
    return settings.dump(2) + "\n";
}

// What Gemini CLI reported: usage from the success document, the error document's code and
// message (stdout for stream-json, stderr for json).
struct GeminiReport {
    std::optional<lifeline::provider::Usage> usage;
    int64_t error_code = 0;  // an HTTP status, or one of the fatal exit codes
    std::string error_message;
    bool has_error = false;
};

void read_document(const nlohmann::json& doc, GeminiReport& report) {
    if (doc.contains("stats"))
        report.usage = gemini_usage(doc["stats"]);
    if (doc.contains("error") && doc["error"].is_object()) {
        report.has_error = true;
        report.error_code = json_int(doc["error"], "code");
        report.error_message = json_string(doc["error"], "message");
    }
}

GeminiReport read_report(const AgentOutput& output) {
    GeminiReport report;
    if (auto whole = try_parse_json(output.stdout_text); whole && whole->is_object()) {
        read_document(*whole, report);
    } else {
        for_each_json_line(output.stdout_text, [&](const nlohmann::json& event) {
            if (json_string(event, "type") != "result")
                return;
            read_document(event, report);
            if (json_string(event, "status") == "error" && !report.has_error) {
                report.has_error = true;
                report.error_message = json_string(event, "message");
            }
        });
    }
    if (!report.has_error) {
        if (auto error = last_json_object(output.stderr_text))
            read_document(*error, report);
    }
    return report;
}

// An API failure ends Gemini CLI with the HTTP status as its exit code, modulo 256
// (429 -> 173, 503 -> 247, 401 -> 145): the status back, or 0.
int status_from_exit_code(int exit_code) {
    const int status = exit_code + 256;
    return exit_code > 0 && status >= 400 && status <= 599 ? status : 0;
}

// The failure classes Gemini CLI retries by itself (general.maxAttempts): every 429 (a rate
// limit or a quota), 5xx and network errors; never 400 or 401.
bool gemini_retries(lifeline::FailureClass failure_class) {
    using lifeline::FailureClass;
    return failure_class == FailureClass::rate_limited ||
           failure_class == FailureClass::quota_exhausted ||
           failure_class == FailureClass::overloaded ||
           failure_class == FailureClass::server_error || failure_class == FailureClass::network;
}

AgentVerdict failed_verdict(lifeline::FailureClass failure_class, std::string reason) {
    AgentVerdict verdict;
    verdict.classification.failure_class = failure_class;
    verdict.classification.reason = std::move(reason);
    return verdict;
}

// Set-up errors no candidate fixes: exit 2 with the fix named.
std::string setup_error(const AgentOutput& output, const GeminiReport& report) {
    const bool auth_method = report.error_code == k_exit_auth ||
                             (output.exit_code == k_exit_auth && report.error_code == 0);
    if (auth_method && report.error_message.find("Invalid auth method") != std::string::npos) {
        return "Gemini CLI found no usable auth method (exit 41, \"Invalid auth method "
               "selected.\"): it needs security.auth.selectedType \"gemini-api-key\" in its "
               "settings.json, which lifeline writes to the private home it gives it "
               "(GEMINI_CLI_HOME); a system settings file (GEMINI_CLI_SYSTEM_SETTINGS_PATH, "
               "/etc/gemini-cli/settings.json) that selects another auth type overrides it";
    }
    if (output.exit_code == k_exit_untrusted) {
        return "Gemini CLI refused to run in an untrusted folder (exit 55): lifeline sets "
               "GEMINI_CLI_TRUST_WORKSPACE=true; if a wrapper removes it, pass --skip-trust to "
               "gemini or trust the folder";
    }
    if (output.exit_code == k_exit_config) {
        return "Gemini CLI rejected its configuration (exit 52): " +
               (report.error_message.empty() ? std::string("see its output above")
                                             : lifeline::one_line_message(report.error_message));
    }
    return "";
}

class GeminiAdapter final : public AgentAdapter {
  public:
    AgentKind kind() const override { return AgentKind::gemini; }
    bool takes_max_turns() const override { return true; }
    bool retries_in_session() const override { return true; }

    Invocation prepare(const std::vector<std::string>& argv, EnvMap env,
                       const AgentTarget& target) const override {
        env["GOOGLE_GEMINI_BASE_URL"] = effective_base_url(target.provider);
        env.erase("GEMINI_API_KEY");
        env.erase("GOOGLE_API_KEY");  // a key of the user's own must not reach the candidate
        if (target.credential)
            env["GEMINI_API_KEY"] = std::string(target.credential->reveal());
        env["GEMINI_CLI_TRUST_WORKSPACE"] = "true";
        Invocation invocation;
        if (!target.private_dir.empty()) {
            const std::string home = target.private_dir + "/gemini-home";
            env["GEMINI_CLI_HOME"] = home;
            invocation.files.push_back({home + "/.gemini/settings.json", gemini_settings(target)});
        }
        invocation.argv = strip_flag(argv, {"-m", "--model"});
        invocation.argv.insert(invocation.argv.begin() + (invocation.argv.empty() ? 0 : 1),
                               {"-m", target.model.upstream_id()});
        invocation.env = std::move(env);
        return invocation;
    }

    AgentVerdict classify(const AgentOutput& output, lifeline::SystemTime now) const override {
        return count_agent_retries(read_verdict(output, now), output, gemini_retries);
    }

  private:
    static AgentVerdict read_verdict(const AgentOutput& output, lifeline::SystemTime now) {
        const GeminiReport report = read_report(output);
        if (output.exit_code == 0 && !report.has_error)
            return success_verdict(report.usage);
        if (std::string error = setup_error(output, report); !error.empty()) {
            AgentVerdict verdict;
            verdict.setup_error = std::move(error);
            return verdict;
        }
        int status = report.error_code >= 400 && report.error_code <= 599
                         ? static_cast<int>(report.error_code)
                         : status_from_exit_code(output.exit_code);
        std::string text = report.error_message;
        if (status != 0)
            text = "status " + std::to_string(status) + " " + text;
        if (text.empty()) {
            text = std::string(tail_lines(output.stderr_text, 30)) + "\n" +
                   std::string(tail_lines(output.stdout_text, 10));
        }
        AgentVerdict verdict;
        if (auto classification = classify_agent_text(text, now)) {
            verdict.classification = *classification;
        } else if (output.exit_code == k_exit_input) {
            verdict = failed_verdict(lifeline::FailureClass::bad_request,
                                     "gemini exit 42 (invalid prompt or arguments)");
        } else if (output.exit_code == k_exit_turn_limit) {
            verdict = failed_verdict(lifeline::FailureClass::budget_exceeded,
                                     "gemini exit 53 (turn limit reached: maxSessionTurns)");
        } else if (output.exit_code == 0) {
            return success_verdict(report.usage);
        } else {
            verdict = task_failed_verdict(output.exit_code, report.usage);
        }
        verdict.usage = report.usage;
        return verdict;
    }
};

}  // namespace

std::unique_ptr<AgentAdapter> make_gemini_adapter() {
    return std::make_unique<GeminiAdapter>();
}

}  // namespace run_with_failover
