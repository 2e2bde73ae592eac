#pragma once
// Markdown for GITHUB_STEP_SUMMARY (and GitLab MR notes): a GitHub-flavoured table.

#include <string>
#include <string_view>
#include <vector>

namespace lifeline::output {

// A cell that cannot break the table: '|' -> "\|", newlines -> "<br>", '\r' dropped.
std::string escape_markdown_cell(std::string_view text);

// "| a | b |\n| --- | --- |\n| 1 | 2 |\n": every row padded (or cut) to the header's width.
// Empty when there are no headers. Not redacted: GitHubFiles::append_summary redacts.
std::string markdown_table(const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows);

}  // namespace lifeline::output
