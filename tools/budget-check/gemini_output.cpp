#include "gemini_output.hpp"

#include <algorithm>

#include <simdjson.h>

#include "json_fields.hpp"
#include "sources.hpp"

namespace lifeline::budget {

using simdjson::dom::element;
using simdjson::dom::object;

Status parse_gemini_output(std::string_view document, const std::string& session,
                           std::vector<UsageRecord>& records) {
    // An empty view may have a null data(), which simdjson would copy from (undefined).
    if (document.empty())
        return fail(ErrorCode::parse, simdjson::error_message(simdjson::EMPTY));
    simdjson::dom::parser parser;
    element root;
    const auto error = parser.parse(document.data(), document.size(), true).get(root);
    if (error != simdjson::SUCCESS)
        return fail(ErrorCode::parse, simdjson::error_message(error));
    object models;
    if (root["stats"]["models"].get(models) != simdjson::SUCCESS)
        return {};
    std::string session_id = session;
    std::string_view id;
    if (root["session_id"].get(id) == simdjson::SUCCESS && !id.empty())
        session_id = std::string(id);
    for (const auto field : models) {
        object tokens;
        if (field.value["tokens"].get(tokens) != simdjson::SUCCESS)
            continue;
        const int64_t prompt = count_of(tokens, "prompt");
        const int64_t cached = std::min(count_of(tokens, "cached"), prompt);
        UsageRecord record;
        record.source = SourceKind::gemini;
        record.session = session_id;
        record.model = std::string(field.key);
        record.provider = "gemini";
        record.tokens.uncached_input = prompt - cached + count_of(tokens, "tool");
        record.tokens.cache_read = cached;
        record.tokens.output = count_of(tokens, "candidates") + count_of(tokens, "thoughts");
        object api;
        if (field.value["api"].get(api) == simdjson::SUCCESS) {
            const int64_t requests = count_of(api, "totalRequests");
            if (requests > 0)
                record.requests = requests;
        }
        records.push_back(std::move(record));
    }
    return {};
}

void scan_gemini_files(const LogOpener& opener, const std::vector<std::string>& files,
                       std::vector<UsageRecord>& records, SourceDiagnostics& diagnostics) {
    for (const auto& path : files) {
        auto source = opener.open(path);
        if (!source) {
            diagnostics.errors.push_back(source.error().to_string());
            continue;
        }
        // A Gemini document is one small JSON value (often pretty-printed), not JSONL.
        std::string text;
        char chunk[1 << 16];
        for (;;) {
            auto got = (*source)->read(chunk, sizeof chunk);
            if (!got) {
                diagnostics.errors.push_back(got.error().to_string());
                break;
            }
            if (*got == 0)
                break;
            text.append(chunk, *got);
        }
        ++diagnostics.files;
        ++diagnostics.lines;
        diagnostics.bytes += static_cast<int64_t>(text.size());
        const std::size_t before = records.size();
        const Status status = parse_gemini_output(text, file_stem(path), records);
        if (!status)
            diagnostics.add_malformed(path, 1, status.error().message);
        diagnostics.records += static_cast<int64_t>(records.size() - before);
    }
}

}  // namespace lifeline::budget
