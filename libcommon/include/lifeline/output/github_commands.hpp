#pragma once
// GitHub Actions workflow commands written to a log stream: annotations (::error::,
// ::warning::, ::notice::), ::add-mask::, ::group::/::endgroup::. The runner reads them from
// stdout and stderr alike; lifeline tools keep stdout for their document, so pass ctx.err.

#include <iosfwd>
#include <string>
#include <string_view>

#include <lifeline/secret/redactor.hpp>
#include <lifeline/secret/secret.hpp>

namespace lifeline::output {

// The runner's escaping for a command's message: % -> %25, \r -> %0D, \n -> %0A.
std::string escape_command_data(std::string_view text);
// For property values (title, file): the data escaping plus : -> %3A and , -> %2C.
std::string escape_command_property(std::string_view text);

enum class AnnotationLevel { notice, warning, error };

struct Annotation {
    AnnotationLevel level = AnnotationLevel::warning;
    std::string message;
    std::string title;  // empty: no title property
    std::string file;   // empty: not tied to a file
    int line = 0;       // 1-based; 0 = none (likewise end_line, column, end_column)
    int end_line = 0;
    int column = 0;
    int end_column = 0;
};

// "::warning file=lifeline.yaml,line=12,col=5,title=...::message\n", with title/message
// redacted before escaping (an escaped secret would no longer match the Redactor).
std::string format_annotation(const Annotation& annotation, const secret::Redactor& redactor);

// "::add-mask::<value>\n" — the one line that must carry the raw value. A multi-line value gets
// one line per non-empty line as well, because the runner masks log output line by line.
std::string format_add_mask(const secret::Secret& secret);

class GitHubCommands {
  public:
    // `out` and `redactor` must outlive this object.
    GitHubCommands(std::ostream& out, const secret::Redactor& redactor);

    void annotate(const Annotation& annotation);
    // ::add-mask:: for every secret the Redactor knows. Call before anything else is printed.
    void mask_secrets();
    void mask(const secret::Secret& secret);
    // "::group::<title>" / "::endgroup::" fold the lines between them in the log.
    void group(std::string_view title);
    void end_group();

  private:
    std::ostream& m_out;
    const secret::Redactor& m_redactor;
};

}  // namespace lifeline::output
