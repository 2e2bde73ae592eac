#pragma once
// Assembles one rotation's RotationReport while the rotation runs, and says each step on the
// progress line as it happens.

#include <functional>
#include <optional>
#include <string>

#include <lifeline/util/error.hpp>

#include "journal.hpp"
#include "rotation_report.hpp"

namespace lifeline::rotate {

// How a run took up its rotation.
enum class Start {
    fresh,    // a new rotation
    resumed,  // an interrupted one, finished forward or rolled back
    abort,    // an interrupted one, rolled back by --abort
};

// The exit code of a run stopped by `error`: 75 when it is transient (rerun later), else 1.
int exit_code_for(const Error& error);

class ReportBuilder {
  public:
    // `progress` (may be empty) receives "<name>: <line>" for every line said.
    ReportBuilder(std::string name, std::function<void(const std::string&)> progress);

    // "<step>: <result>" in the report's steps and on the progress line.
    void step(const std::string& name, const std::string& result);
    // A progress line only.
    void say(const std::string& line);
    // In the report's warnings and on the progress line ("warning: ..."); a rotation that
    // ends forward with warnings is degraded.
    void warn(const std::string& message);
    // The issuer's or store's error that made the rotation roll back: a transient one makes
    // the rolled-back run exit 75 instead of 1.
    void rollback_cause(const Error& error);

    // action nothing_to_do, `why` as its one step, exit 0.
    RotationReport nothing(const std::string& why);
    // Status failed with `action`, `error` and `exit_code`; `record` shown when given.
    RotationReport failed(const std::string& action, const Error& error, int exit_code,
                          const std::optional<JournalRecord>& record);
    // The end of a rotation whose journal stands at `record` (rolled_back, grace or done):
    // rolled_back fails (exit 1, or 75 after a transient cause) unless `start` is abort
    // (action aborted, ok); grace is in_grace; done is resumed or rotated, degraded when
    // something warned.
    RotationReport finished(const JournalRecord& record, Start start);

  private:
    RotationReport m_report;
    std::function<void(const std::string&)> m_progress;
    std::optional<Error> m_rollback_cause;
};

}  // namespace lifeline::rotate
