#pragma once
// The text forms for people: an aligned table and a one-paragraph rendering of the document.

#include <string>
#include <vector>

#include <lifeline/output/status.hpp>
#include <lifeline/secret/redactor.hpp>

namespace lifeline::output {

// Columns left-aligned, padded to the widest cell (counted in UTF-8 code points) and separated
// by two spaces; no trailing spaces; one '\n' after every line. Short rows are padded with
// empty cells. Not redacted: callers render it into something that is (render_text, a sink).
std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows);

// "probe-endpoint: degraded (exit 0): 2 of 3 providers healthy\n" followed by one
// "  <class>: <message>\n" line per error; redacted.
std::string render_text(const StatusDocument& document, const secret::Redactor& redactor);

}  // namespace lifeline::output
