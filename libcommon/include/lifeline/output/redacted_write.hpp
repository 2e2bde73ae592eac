#pragma once
// The two ways a sink writes a file: append (GitHub's command files) or replace atomically
// (status file, reports). Both pass the content through the Redactor first and go through the
// injected FileSystem.

#include <string>
#include <string_view>

#include <lifeline/core/file_system.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::output {

// Appends the redacted content, creating the file when missing. Errors from the FileSystem.
Status append_redacted(FileSystem& fs, const secret::Redactor& redactor, const std::string& path,
                       std::string_view content);

// Replaces the file with the redacted content (temporary sibling + rename).
Status write_redacted_atomic(FileSystem& fs, const secret::Redactor& redactor,
                             const std::string& path, std::string_view content,
                             unsigned mode = 0644);

}  // namespace lifeline::output
