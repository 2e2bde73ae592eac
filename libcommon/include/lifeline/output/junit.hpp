#pragma once
// JUnit XML (testsuites/testsuite/testcase), the report format GitLab (artifacts:reports:junit)
// and GitHub test-report actions read: one testcase per probed provider or attempted candidate.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/core/file_system.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::output {

struct JUnitFailure {
    enum class Kind { failure, error };  // failure: the check failed; error: it could not run
    Kind kind = Kind::failure;
    std::string message;  // one line, the message attribute
    std::string type;     // e.g. a failure class id
    std::string details;  // element text (a response body, a log excerpt)
};

struct JUnitCase {
    std::string name;
    std::string classname;
    Duration time{0};
    std::optional<JUnitFailure> failure;
    std::optional<std::string> skipped;  // the reason, when the case was skipped
    std::string system_out;              // empty: no <system-out>
};

struct JUnitSuite {
    std::string name;
    std::optional<SystemTime> timestamp;
    std::vector<JUnitCase> cases;
};

// Escapes & < > " ' as entities and drops the control characters XML 1.0 forbids (everything
// below 0x20 except tab, newline and carriage return).
std::string escape_xml(std::string_view text);

// The XML document (declaration, <testsuites> with totals, 2-space indent, trailing newline).
// Times are seconds with millisecond precision. Every text is redacted before escaping.
std::string render_junit(const std::vector<JUnitSuite>& suites, const secret::Redactor& redactor);

// render_junit into `path`, replaced atomically.
Status write_junit(FileSystem& fs, const std::string& path, const std::vector<JUnitSuite>& suites,
                   const secret::Redactor& redactor);

}  // namespace lifeline::output
