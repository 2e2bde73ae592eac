#include <lifeline/output/markdown.hpp>

namespace lifeline::output {

std::string escape_markdown_cell(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n')
            out += "<br>";
        else if (c != '\r')
            out += c;
    }
    return out;
}

std::string markdown_table(const std::vector<std::string>& headers,
                           const std::vector<std::vector<std::string>>& rows) {
    if (headers.empty())
        return "";
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out = "|";
        for (size_t column = 0; column < headers.size(); ++column) {
            out += ' ';
            if (column < cells.size())
                out += escape_markdown_cell(cells[column]);
            out += " |";
        }
        return out + "\n";
    };
    std::string out = line(headers);
    out += "|";
    for (size_t column = 0; column < headers.size(); ++column)
        out += " --- |";
    out += "\n";
    for (const auto& row : rows)
        out += line(row);
    return out;
}

}  // namespace lifeline::output
