#pragma once
// The JSON form of the status document (`--format json`, `--status-file`), redacted.

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include <lifeline/core/file_system.hpp>
#include <lifeline/output/status.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::output {

// A copy of `value` with every string (object keys included) redacted. Redacting the strings
// rather than the printed text keeps the JSON valid and catches values that JSON escaping
// would otherwise disguise (a secret containing '"' or '\').
nlohmann::ordered_json redact_json(const nlohmann::ordered_json& value,
                                   const secret::Redactor& redactor);

// The redacted document, pretty-printed with a 2-space indent and a trailing newline. Invalid
// UTF-8 in strings is replaced by U+FFFD rather than failing.
std::string render_json(const StatusDocument& document, const secret::Redactor& redactor);

// render_json to a stream (the tool's stdout).
void write_json(std::ostream& out, const StatusDocument& document,
                const secret::Redactor& redactor);

// render_json into `path`, replaced atomically (run-with-failover --status-file).
Status write_status_file(FileSystem& fs, const std::string& path, const StatusDocument& document,
                         const secret::Redactor& redactor);

}  // namespace lifeline::output
