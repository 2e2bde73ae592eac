#pragma once
// Hands a finished ProbeReport to the ToolRun's sinks: document data, text, GitHub outputs
// (healthy, first-healthy, status), step summary, one warning annotation per target that is
// not healthy, dotenv entries, and the --junit / --prometheus files.

#include <optional>
#include <string>

#include <lifeline/app/tool_support.hpp>
#include <lifeline/util/result.hpp>

#include "report.hpp"

namespace probe_endpoint {

// The dotenv keys written by --dotenv.
inline constexpr const char* k_dotenv_healthy = "PROBE_HEALTHY";
inline constexpr const char* k_dotenv_first_healthy = "PROBE_FIRST_HEALTHY";
inline constexpr const char* k_dotenv_status = "PROBE_STATUS";

// Fills the run's document and side outputs (written later by ToolRun::finish) and writes the
// report files now. Errors: the first report file that could not be written (the other
// outputs are still set up).
lifeline::Status publish_report(lifeline::app::ToolRun& run, const ProbeReport& report,
                                const std::optional<std::string>& junit_path,
                                const std::optional<std::string>& prometheus_path);

}  // namespace probe_endpoint
