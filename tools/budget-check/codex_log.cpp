#include "codex_log.hpp"

#include <algorithm>

#include "claude_line.hpp"
#include "json_fields.hpp"
#include "line_reader.hpp"
#include "sources.hpp"

namespace lifeline::budget {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

CodexLogParser::CodexLogParser(std::string session, std::string default_model)
    : m_session(std::move(session)), m_model(std::move(default_model)) {}

void CodexLogParser::add(const Totals& usage, int64_t time_ms) {
    const int64_t cached = std::clamp<int64_t>(usage.cached, 0, usage.input);
    if (usage.input == 0 && usage.output == 0)
        return;
    UsageRecord record;
    record.source = SourceKind::codex;
    record.time_ms = time_ms;
    record.session = m_session;
    record.model = m_model;
    record.provider = "openai";
    record.tokens.uncached_input = usage.input - cached;
    record.tokens.cache_read = cached;
    record.tokens.output = usage.output;
    m_records.push_back(std::move(record));
}

const char* CodexLogParser::feed(std::string_view text) {
    element root;
    const auto error = m_parser.parse(text.data(), text.size(), false).get(root);
    if (error != simdjson::SUCCESS)
        return simdjson::error_message(error);
    if (root.type() != element_type::OBJECT)
        return nullptr;
    const object line = root.get_object().value_unsafe();
    const std::string_view type = string_of(line, "type");
    const auto time = parse_any_timestamp(string_of(line, "timestamp"));
    const int64_t time_ms = time.value_or(0);
    auto usage_of = [](const object& usage) {
        Totals totals;
        totals.input = count_of(usage, "input_tokens");
        totals.cached = count_of(usage, "cached_input_tokens");
        if (totals.cached == 0)
            totals.cached = count_of(usage, "cache_read_input_tokens");
        totals.output = count_of(usage, "output_tokens");
        return totals;
    };

    if (type == "thread.started" || type == "session.created") {
        std::string_view id = string_of(line, "thread_id");
        if (id.empty())
            id = string_of(line, "session_id");
        if (!id.empty())
            m_session = std::string(id);
    } else if (type == "turn.completed") {
        if (const auto usage = object_of(line, "usage"))
            add(usage_of(*usage), time_ms);
    } else if (type == "session_meta") {
        if (const auto payload = object_of(line, "payload")) {
            const std::string_view id = string_of(*payload, "id");
            if (!id.empty())
                m_session = std::string(id);
        }
    } else if (type == "turn_context") {
        if (const auto payload = object_of(line, "payload")) {
            const std::string_view model = string_of(*payload, "model");
            if (!model.empty())
                m_model = std::string(model);
        }
    } else if (type == "event_msg") {
        const auto payload = object_of(line, "payload");
        if (!payload || string_of(*payload, "type") != "token_count")
            return nullptr;
        const auto info = object_of(*payload, "info");  // null before the first response
        if (!info)
            return nullptr;
        const std::string_view model = string_of(*info, "model");
        if (!model.empty())
            m_model = std::string(model);
        std::optional<Totals> total;
        if (const auto t = object_of(*info, "total_token_usage"))
            total = usage_of(*t);
        if (total && m_previous_total && *total == *m_previous_total)
            return nullptr;  // the same event again
        if (const auto last = object_of(*info, "last_token_usage")) {
            add(usage_of(*last), time_ms);
        } else if (total) {
            const Totals previous = m_previous_total.value_or(Totals{});
            add(Totals{std::max<int64_t>(0, total->input - previous.input),
                       std::max<int64_t>(0, total->cached - previous.cached),
                       std::max<int64_t>(0, total->output - previous.output)},
                time_ms);
        }
        if (total)
            m_previous_total = total;
    }
    return nullptr;
}

void scan_codex_files(const LogOpener& opener, const std::vector<std::string>& files,
                      const std::string& default_model, std::vector<UsageRecord>& records,
                      SourceDiagnostics& diagnostics) {
    LineReader reader;
    for (const auto& path : files) {
        auto source = opener.open(path);
        if (!source) {
            diagnostics.errors.push_back(source.error().to_string());
            continue;
        }
        ++diagnostics.files;
        CodexLogParser parser(file_stem(path), default_model);
        auto on_line = [&](const Line& line) {
            ++diagnostics.lines;
            if (const char* error = parser.feed(line.text)) {
                if (line.terminated)
                    diagnostics.add_malformed(path, line.number, error);
                else
                    ++diagnostics.incomplete_tail;
            }
        };
        int64_t bytes = 0;
        const Status status = reader.read(**source, on_line, &bytes);
        diagnostics.bytes += bytes;
        if (!status)
            diagnostics.errors.push_back(status.error().to_string());
        diagnostics.records += static_cast<int64_t>(parser.records().size());
        for (auto& record : parser.records())
            records.push_back(std::move(record));
    }
}

}  // namespace lifeline::budget
