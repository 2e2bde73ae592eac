#include <lifeline/core/version.hpp>
#include <lifeline/output/status.hpp>

namespace lifeline::output {

const char* to_string(RunStatus status) {
    switch (status) {
        case RunStatus::ok:
            return "ok";
        case RunStatus::degraded:
            return "degraded";
        case RunStatus::failed:
            return "failed";
        case RunStatus::error:
            return "error";
    }
    return "error";
}

std::optional<RunStatus> parse_run_status(std::string_view id) {
    for (RunStatus status :
         {RunStatus::ok, RunStatus::degraded, RunStatus::failed, RunStatus::error}) {
        if (id == to_string(status))
            return status;
    }
    return std::nullopt;
}

nlohmann::ordered_json StatusDocument::to_json() const {
    nlohmann::ordered_json document;
    document["schema"] = k_status_schema;
    document["tool"] = tool;
    document["version"] = k_version;
    document["status"] = to_string(status);
    document["exit_code"] = exit_code;
    document["started_at"] = format_rfc3339(started_at);
    document["duration_ms"] = duration.count();
    document["summary"] = summary;
    // A null payload still prints as an object so consumers can always index into it.
    document["data"] =
        data.is_null() ? nlohmann::ordered_json::object() : nlohmann::ordered_json(data);
    auto errors_json = nlohmann::ordered_json::array();
    for (const StatusError& error : errors) {
        nlohmann::ordered_json entry;
        entry["class"] = error.error_class;
        entry["message"] = error.message;
        errors_json.push_back(std::move(entry));
    }
    document["errors"] = std::move(errors_json);
    return document;
}

}  // namespace lifeline::output
