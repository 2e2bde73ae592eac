#pragma once
// What every lifeline tool does the same way: the common flags (--config, --state, --format,
// --dotenv), finding lifeline.yaml, opening the state store, and emitting the one status
// document with its GitHub Actions / GitLab side outputs. Tools keep only their own logic.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/classify/failure_class.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/output/dotenv.hpp>
#include <lifeline/output/github_commands.hpp>
#include <lifeline/output/status.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

namespace CLI {
class App;
}

namespace lifeline::app {

enum class OutputFormat { json, text, env, dotenv };

// "json", "text", "env", "dotenv".
const char* to_string(OutputFormat format);

struct CommonOptions {
    std::optional<std::string> config_path;  // --config FILE
    std::optional<std::string> state_url;    // --state URL
    OutputFormat format = OutputFormat::json;
    std::optional<std::string> dotenv_path;  // --dotenv FILE (GitLab dotenv report)
};

// Adds --config, --state, --format (restricted to `formats`, the first being the default) and
// --dotenv to `app`.
void add_common_options(CLI::App& app, CommonOptions& options,
                        const std::vector<OutputFormat>& formats = {OutputFormat::json,
                                                                    OutputFormat::text});

// lifeline.yaml by the discovery order of config/loader.hpp (--config first).
Result<config::Config> load_config(const Context& context, const CommonOptions& options);

// --state, else $LIFELINE_STATE, else the config's state.url.
std::string state_url(const Context& context, const CommonOptions& options,
                      const config::Config& config);

// Opens the state store state_url() names. When Redis is unreachable and the config allows
// it, the local store is opened instead and the warning goes to context.err.
Result<std::unique_ptr<state::StateStore>> open_state(Context& context,
                                                      const CommonOptions& options,
                                                      const config::Config& config);

// One run of a tool. Times it, owns the Redactor every output passes through, collects the
// document and the side outputs, and writes them all in finish().
class ToolRun {
  public:
    // `context` must outlive the run.
    ToolRun(Context& context, std::string_view tool, CommonOptions options);

    Context& context() { return m_context; }
    const CommonOptions& options() const { return m_options; }
    bool in_github_actions() const { return m_in_github; }
    secret::Redactor& redactor() { return m_redactor; }
    output::StatusDocument& document() { return m_document; }

    // Remembers a secret for redaction and, under GitHub Actions, masks it in the log at once.
    void track_secret(const secret::Secret& secret);

    // Side outputs, written by finish(): step outputs (GITHUB_OUTPUT) and exported variables
    // (GITHUB_ENV) only under GitHub Actions; summary markdown only under GitHub Actions;
    // dotenv entries only when --dotenv was given.
    void set_output(std::string name, std::string value);
    void export_env(std::string name, std::string value);
    void add_summary(std::string markdown);
    void add_dotenv(std::string key, std::string value);
    // A GitHub annotation, printed to context.err at once under GitHub Actions (else nothing).
    void annotate(output::AnnotationLevel level, std::string title, std::string message);
    void add_error(std::string error_class, std::string message);
    void add_error(FailureClass failure_class, std::string message);

    // What --format text prints instead of the generic rendering of the document.
    void set_text(std::string text) { m_text = std::move(text); }
    // What --format env/dotenv prints on stdout (the tool renders it).
    void set_plain_output(std::string text) { m_plain_output = std::move(text); }

    // For tools whose stdout belongs to someone else (run-with-failover's child): finish()
    // prints nothing on stdout.
    void leave_stdout_to_child() { m_print_document = false; }
    // finish() also writes the JSON document to `path`, replaced atomically (--status-file).
    void write_document_to(std::string path) { m_status_file = std::move(path); }

    // Completes the document (status, exit code, summary, duration), prints it on stdout in
    // the chosen format, writes the side outputs and the status file, and returns the exit
    // code. An output that cannot be written is reported on stderr and turns exit 0 into 1.
    int finish(output::RunStatus status, int exit_code, std::string summary);

    // For a problem that stops the tool (bad config, bad flag value, unusable store): prints
    // "<tool>: error: ..." on stderr and finishes with status "error" and
    // exit_code_for(error) (2 for config and invalid input, else 1).
    int fail(const Error& error);

  private:
    Status write_side_outputs();

    Context& m_context;
    CommonOptions m_options;
    bool m_in_github;
    SteadyTime m_started_steady;
    secret::Redactor m_redactor;
    output::StatusDocument m_document;
    std::vector<std::pair<std::string, std::string>> m_outputs;
    std::vector<std::pair<std::string, std::string>> m_env_exports;
    std::vector<output::DotenvEntry> m_dotenv;
    std::string m_summary_markdown;
    std::optional<std::string> m_text;
    std::optional<std::string> m_plain_output;
    bool m_print_document = true;
    std::optional<std::string> m_status_file;
};

}  // namespace lifeline::app
