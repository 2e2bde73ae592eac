#include "report_builder.hpp"

#include <lifeline/core/exit_codes.hpp>

#include "api_client.hpp"

namespace lifeline::rotate {

int exit_code_for(const Error& error) {
    return is_transient_error(error) ? to_int(ExitCode::all_transient) : to_int(ExitCode::failed);
}

ReportBuilder::ReportBuilder(std::string name, std::function<void(const std::string&)> progress)
    : m_progress(std::move(progress)) {
    m_report.name = std::move(name);
}

void ReportBuilder::step(const std::string& name, const std::string& result) {
    m_report.steps.push_back(name + ": " + result);
    say(name + ": " + result);
}

void ReportBuilder::say(const std::string& line) {
    if (m_progress)
        m_progress(m_report.name + ": " + line);
}

void ReportBuilder::warn(const std::string& message) {
    m_report.warnings.push_back(message);
    say("warning: " + message);
}

void ReportBuilder::rollback_cause(const Error& error) {
    m_rollback_cause = error;
}

RotationReport ReportBuilder::nothing(const std::string& why) {
    m_report.action = "nothing_to_do";
    m_report.steps.push_back(why);
    return m_report;
}

RotationReport ReportBuilder::failed(const std::string& action, const Error& error, int exit_code,
                                     const std::optional<JournalRecord>& record) {
    m_report.action = action;
    if (record)
        m_report.record = record;
    m_report.error = error;
    m_report.status = output::RunStatus::failed;
    m_report.exit_code = exit_code;
    return m_report;
}

RotationReport ReportBuilder::finished(const JournalRecord& record, Start start) {
    m_report.record = record;
    if (record.phase == Phase::rolled_back) {
        m_report.action = start == Start::abort ? "aborted" : "rolled_back";
        if (start != Start::abort) {
            m_report.status = output::RunStatus::failed;
            m_report.exit_code =
                m_rollback_cause ? exit_code_for(*m_rollback_cause) : to_int(ExitCode::failed);
            m_report.error = make_error(ErrorCode::io, "rotation rolled back: " + record.reason);
        }
        return m_report;
    }
    m_report.action = record.phase == Phase::grace ? "in_grace"
                      : start == Start::resumed    ? "resumed"
                                                   : "rotated";
    if (!m_report.warnings.empty())
        m_report.status = output::RunStatus::degraded;
    return m_report;
}

}  // namespace lifeline::rotate
