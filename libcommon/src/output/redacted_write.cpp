#include <lifeline/output/redacted_write.hpp>

namespace lifeline::output {

Status append_redacted(FileSystem& fs, const secret::Redactor& redactor, const std::string& path,
                       std::string_view content) {
    return fs.append_file(path, redactor.redact(content));
}

Status write_redacted_atomic(FileSystem& fs, const secret::Redactor& redactor,
                             const std::string& path, std::string_view content, unsigned mode) {
    return fs.write_file_atomic(path, redactor.redact(content), mode);
}

}  // namespace lifeline::output
