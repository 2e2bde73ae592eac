#include <algorithm>

#include <lifeline/output/text.hpp>

namespace lifeline::output {
namespace {

// Code points, not bytes, so "café" lines up with "cafe".
size_t display_width(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void append_line(std::string& out, const std::vector<std::string>& cells,
                 const std::vector<size_t>& widths) {
    std::string line;
    for (size_t column = 0; column < widths.size(); ++column) {
        const std::string empty;
        const std::string& cell = column < cells.size() ? cells[column] : empty;
        if (column > 0)
            line += "  ";
        line += cell;
        line.append(widths[column] - display_width(cell), ' ');
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    out += line;
    out += '\n';
}

}  // namespace

std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows) {
    size_t columns = headers.size();
    for (const auto& row : rows)
        columns = std::max(columns, row.size());
    std::vector<size_t> widths(columns, 0);
    auto measure = [&](const std::vector<std::string>& cells) {
        for (size_t column = 0; column < cells.size(); ++column)
            widths[column] = std::max(widths[column], display_width(cells[column]));
    };
    measure(headers);
    for (const auto& row : rows)
        measure(row);
    std::string out;
    if (!headers.empty())
        append_line(out, headers, widths);
    for (const auto& row : rows)
        append_line(out, row, widths);
    return out;
}

std::string render_text(const StatusDocument& document, const secret::Redactor& redactor) {
    std::string out = document.tool + ": " + to_string(document.status) + " (exit " +
                      std::to_string(document.exit_code) + ")";
    if (!document.summary.empty())
        out += ": " + document.summary;
    out += '\n';
    for (const StatusError& error : document.errors)
        out += "  " + error.error_class + ": " + error.message + "\n";
    return redactor.redact(out);
}

}  // namespace lifeline::output
