#pragma once
// GitLab dotenv report (artifacts:reports:dotenv). GitLab's parser is stricter than dotenv:
// one KEY=value per line, keys of ASCII letters, digits and '_' only, no multi-line values,
// no quoting or escapes (quotes are kept literally), surrounding whitespace stripped, no empty
// lines or comments, UTF-8 only, at most 5 KiB per file and a capped number of variables
// (20 on older self-managed instances and legacy plans, 50 GitLab.com Free, 100 Premium,
// 150 Ultimate). A value GitLab would alter is an error here, never a silent change.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/core/file_system.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::output {

struct DotenvLimits {
    size_t max_bytes = 5 * 1024;
    // The lowest variable limit GitLab plans use; raise it when the instance is known to allow
    // more.
    size_t max_variables = 20;
};

struct DotenvEntry {
    std::string key;
    std::string value;
};

// "KEY=value\n" lines with redacted values. ErrorCode::invalid_input naming the key for: a key
// outside [A-Za-z0-9_]+, a repeated key, a value with a line break, leading/trailing
// whitespace, a control character or invalid UTF-8; and for too many variables or bytes.
Result<std::string> render_dotenv(const std::vector<DotenvEntry>& entries,
                                  const secret::Redactor& redactor, DotenvLimits limits = {});

// render_dotenv into `path`, replaced atomically. Nothing is written when rendering fails.
Status write_dotenv(FileSystem& fs, const std::string& path,
                    const std::vector<DotenvEntry>& entries, const secret::Redactor& redactor,
                    DotenvLimits limits = {});

}  // namespace lifeline::output
