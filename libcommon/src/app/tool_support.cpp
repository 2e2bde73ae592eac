#include <ostream>

#include <CLI/CLI.hpp>

#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>
#include <lifeline/config/loader.hpp>
#include <lifeline/output/github_files.hpp>
#include <lifeline/output/json_sink.hpp>
#include <lifeline/output/text.hpp>
#include <lifeline/storage/open.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::app {

const char* to_string(OutputFormat format) {
    switch (format) {
        case OutputFormat::json:
            return "json";
        case OutputFormat::text:
            return "text";
        case OutputFormat::env:
            return "env";
        case OutputFormat::dotenv:
            return "dotenv";
    }
    return "json";
}

void add_common_options(CLI::App& app, CommonOptions& options,
                        const std::vector<OutputFormat>& formats) {
    app.add_option("--config", options.config_path,
                   "lifeline.yaml to use (default: $LIFELINE_CONFIG, ./lifeline.yaml, "
                   "~/.config/lifeline/lifeline.yaml, then the built-in default)");
    app.add_option("--state", options.state_url,
                   "state store URL: sqlite://PATH, redis://HOST:PORT/DB or memory: "
                   "(default: $LIFELINE_STATE, then the config's state)");
    std::map<std::string, OutputFormat> names;
    std::string listed;
    for (OutputFormat format : formats) {
        names.emplace(to_string(format), format);
        listed += listed.empty() ? to_string(format) : std::string("|") + to_string(format);
    }
    if (!formats.empty())
        options.format = formats.front();
    // Maps the name to the enum's number, which CLI11 then assigns; errors name the choices.
    const CLI::Validator format_name(
        [names, listed](std::string& value) -> std::string {
            const auto it = names.find(to_lower(value));
            if (it == names.end())
                return "\"" + value + "\" is not one of " + listed;
            value = std::to_string(static_cast<int>(it->second));
            return {};
        },
        "", "");
    app.add_option("--format", options.format, "what stdout carries: " + listed)
        ->transform(format_name)
        ->type_name("FORMAT");
    app.add_option("--dotenv", options.dotenv_path, "also write a GitLab dotenv report to FILE");
}

Result<config::Config> load_config(const Context& context, const CommonOptions& options) {
    return config::discover_config(context.fs, context.env, options.config_path);
}

std::string state_url(const Context& context, const CommonOptions& options,
                      const config::Config& config) {
    if (options.state_url)
        return *options.state_url;
    if (auto from_env = context.env.get_non_empty("LIFELINE_STATE"))
        return *from_env;
    return config.state.url;
}

Result<std::unique_ptr<state::StateStore>> open_state(Context& context,
                                                      const CommonOptions& options,
                                                      const config::Config& config) {
    state::StateOpenOptions open_options;
    open_options.fallback_to_local = config.state.fallback_to_local;
    auto opened = LIFELINE_TRY(
        state::open_state_store(state_url(context, options, config), context.clock, open_options));
    if (!opened.warning.empty())
        context.err << "warning: " << opened.warning << "\n";
    return std::move(opened.store);
}

ToolRun::ToolRun(Context& context, std::string_view tool, CommonOptions options)
    : m_context(context),
      m_options(std::move(options)),
      m_in_github(context.env.in_github_actions()),
      m_started_steady(context.clock.steady_now()) {
    m_document.tool = std::string(tool);
    m_document.started_at = context.clock.now();
}

void ToolRun::track_secret(const secret::Secret& secret) {
    if (m_redactor.add_secret(secret) && m_in_github) {
        output::GitHubCommands(m_context.err, m_redactor).mask(secret);
    }
}

void ToolRun::set_output(std::string name, std::string value) {
    m_outputs.emplace_back(std::move(name), std::move(value));
}

void ToolRun::export_env(std::string name, std::string value) {
    m_env_exports.emplace_back(std::move(name), std::move(value));
}

void ToolRun::add_summary(std::string markdown) {
    m_summary_markdown += markdown;
}

void ToolRun::add_dotenv(std::string key, std::string value) {
    m_dotenv.push_back({std::move(key), std::move(value)});
}

void ToolRun::annotate(output::AnnotationLevel level, std::string title, std::string message) {
    if (!m_in_github)
        return;
    output::Annotation annotation;
    annotation.level = level;
    annotation.title = std::move(title);
    annotation.message = std::move(message);
    output::GitHubCommands(m_context.err, m_redactor).annotate(annotation);
}

void ToolRun::add_error(std::string error_class, std::string message) {
    m_document.errors.push_back({std::move(error_class), std::move(message)});
}

void ToolRun::add_error(FailureClass failure_class, std::string message) {
    add_error(std::string(to_string(failure_class)), std::move(message));
}

Status ToolRun::write_side_outputs() {
    if (m_in_github) {
        output::GitHubFiles github(m_context.fs, m_context.env, m_redactor);
        for (const auto& [name, value] : m_outputs)
            LIFELINE_TRY_VOID(github.set_output(name, value));
        for (const auto& [name, value] : m_env_exports) {
            LIFELINE_TRY_VOID(github.export_variable(name, value));
        }
        if (!m_summary_markdown.empty())
            LIFELINE_TRY_VOID(github.append_summary(m_summary_markdown));
    }
    if (m_options.dotenv_path) {
        LIFELINE_TRY_VOID(
            output::write_dotenv(m_context.fs, *m_options.dotenv_path, m_dotenv, m_redactor));
    }
    return {};
}

int ToolRun::finish(output::RunStatus status, int exit_code, std::string summary) {
    m_document.duration = elapsed_between(m_started_steady, m_context.clock.steady_now());
    m_document.summary = std::move(summary);
    if (Status written = write_side_outputs(); !written) {
        m_context.err << m_document.tool
                      << ": error: " << m_redactor.redact(written.error().to_string()) << "\n";
        if (exit_code == 0) {
            exit_code = to_int(ExitCode::failed);
            status = output::RunStatus::error;
        }
    }
    m_document.status = status;
    m_document.exit_code = exit_code;
    if (m_status_file) {
        if (Status written =
                output::write_status_file(m_context.fs, *m_status_file, m_document, m_redactor);
            !written) {
            m_context.err << m_document.tool << ": error: cannot write the status file: "
                          << m_redactor.redact(written.error().to_string()) << "\n";
            if (exit_code == 0)
                exit_code = to_int(ExitCode::failed);
        }
    }
    if (!m_print_document)
        return exit_code;
    switch (m_options.format) {
        case OutputFormat::json:
            output::write_json(m_context.out, m_document, m_redactor);
            break;
        case OutputFormat::text:
            m_context.out << m_redactor.redact(
                m_text ? *m_text : output::render_text(m_document, m_redactor));
            break;
        case OutputFormat::env:
        case OutputFormat::dotenv:
            m_context.out << m_redactor.redact(m_plain_output.value_or(""));
            break;
    }
    m_context.out.flush();
    return exit_code;
}

int ToolRun::fail(const Error& error) {
    const ExitCode code = exit_code_for(error);
    m_context.err << m_document.tool << ": error: " << m_redactor.redact(error.to_string()) << "\n";
    annotate(output::AnnotationLevel::error, m_document.tool, error.to_string());
    add_error(code == ExitCode::usage ? (error.code == ErrorCode::config ? "config" : "usage")
                                      : to_string(error.code),
              error.to_string());
    // The document still goes to stdout (as JSON) so pipelines that parse it see the error.
    if (m_options.format != OutputFormat::json)
        m_options.format = OutputFormat::json;
    return finish(output::RunStatus::error, to_int(code), error.to_string());
}

}  // namespace lifeline::app
