#pragma once
// The lifeline.status/v1 document every tool emits (README "Status document"; the exit codes
// are in docs/architecture.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::output {

inline constexpr std::string_view k_status_schema = "lifeline.status/v1";

// ok: everything checked is fine; degraded: usable with problems (some providers down);
// failed: the checked thing failed; error: the tool itself could not do its job.
enum class RunStatus { ok, degraded, failed, error };

// "ok", "degraded", "failed", "error".
const char* to_string(RunStatus status);
// The status for an id; nullopt for anything else.
std::optional<RunStatus> parse_run_status(std::string_view id);

// One entry of "errors": a failure class id (or another stable id such as "config" or
// "usage") and a human message.
struct StatusError {
    std::string error_class;
    std::string message;

    static StatusError of(FailureClass failure_class, std::string message) {
        return {to_string(failure_class), std::move(message)};
    }
};

struct StatusDocument {
    std::string tool;  // "probe-endpoint", ...
    RunStatus status = RunStatus::ok;
    int exit_code = 0;
    SystemTime started_at{};
    Duration duration{0};
    std::string summary;                             // one line for people
    nlohmann::json data = nlohmann::json::object();  // the tool's own payload
    std::vector<StatusError> errors;

    // The document with the documented field names in their order: schema, tool, version
    // (lifeline::k_version), status, exit_code, started_at (RFC 3339, UTC, seconds),
    // duration_ms, summary, data, errors [{class, message}]. Not redacted: see json_sink.hpp.
    nlohmann::ordered_json to_json() const;
};

}  // namespace lifeline::output
