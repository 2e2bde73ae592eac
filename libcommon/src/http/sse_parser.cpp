#include <lifeline/http/sse_parser.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::http {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

bool all_ascii_digits(std::string_view text) {
    if (text.empty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

Error oversized_event_error(size_t limit) {
    return make_error(ErrorCode::parse,
                      "SSE event exceeds " + std::to_string(limit) + " bytes without a blank line");
}

}  // namespace

bool is_done_marker(std::string_view data) {
    return trim(data) == "[DONE]";
}

SseParser::SseParser(EventCallback on_event, size_t max_event_bytes)
    : m_on_event(std::move(on_event)), m_max_event_bytes(max_event_bytes) {}

Status SseParser::feed(std::string_view chunk) {
    if (m_error)
        return fail(*m_error);
    if (m_at_start) {
        // The BOM may itself be split across chunks, so hold up to three bytes until it is
        // clear whether they are a BOM (dropped) or the start of the stream (kept).
        size_t take = std::min(k_utf8_bom.size() - m_start_bytes.size(), chunk.size());
        m_start_bytes.append(chunk.substr(0, take));
        chunk.remove_prefix(take);
        bool bom_prefix = k_utf8_bom.substr(0, m_start_bytes.size()) == m_start_bytes;
        if (bom_prefix && m_start_bytes.size() < k_utf8_bom.size())
            return {};
        m_at_start = false;
        if (!bom_prefix)
            process_bytes(m_start_bytes);
        m_start_bytes.clear();
    }
    if (!m_error)
        process_bytes(chunk);
    if (m_error)
        return fail(*m_error);
    return {};
}

bool SseParser::over_limit() const {
    return m_line.size() + m_data.size() > m_max_event_bytes;
}

void SseParser::process_bytes(std::string_view bytes) {
    while (!bytes.empty()) {
        if (m_skip_lf) {
            // CR at the end of the previous chunk and LF here are one CRLF line break.
            m_skip_lf = false;
            if (bytes.front() == '\n') {
                bytes.remove_prefix(1);
                continue;
            }
        }
        size_t brk = bytes.find_first_of("\r\n");
        if (brk == std::string_view::npos) {
            m_line.append(bytes);
            break;
        }
        // Most lines arrive whole: parse them in place and only copy a line that straddles
        // a chunk boundary.
        std::string_view line = bytes.substr(0, brk);
        if (!m_line.empty()) {
            m_line.append(line);
            line = m_line;
        }
        bool was_cr = bytes[brk] == '\r';
        bytes.remove_prefix(brk + 1);
        if (was_cr) {
            if (bytes.empty())
                m_skip_lf = true;
            else if (bytes.front() == '\n')
                bytes.remove_prefix(1);
        }
        if (line.size() + m_data.size() > m_max_event_bytes) {
            m_error = oversized_event_error(m_max_event_bytes);
            return;
        }
        process_line(line);
        m_line.clear();
        if (m_error)
            return;
    }
    if (over_limit())
        m_error = oversized_event_error(m_max_event_bytes);
}

void SseParser::process_line(std::string_view line) {
    if (line.empty()) {
        dispatch();
        return;
    }
    if (line.front() == ':')
        return;  // a comment, e.g. OpenRouter's ": OPENROUTER PROCESSING" keep-alive

    std::string_view field = line;
    std::string_view value;
    if (size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    m_has_fields = true;

    if (field == "event") {
        m_event_type = value;
    } else if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
        // The line is consumed now, though a line that straddled two chunks still sits in
        // m_line until process_bytes clears it: only the data counts, or the limit would depend
        // on where the chunks happened to split.
        if (m_data.size() > m_max_event_bytes)
            m_error = oversized_event_error(m_max_event_bytes);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            m_last_event_id = value;
    } else if (field == "retry") {
        // Only all-digit values count; 18 digits keeps the value inside int64 milliseconds.
        if (all_ascii_digits(value) && value.size() <= 18) {
            m_retry = Duration(std::stoll(std::string(value)));
            m_block_retry = m_retry;
        }
    }
    // Any other field name is ignored, as the spec requires.
}

void SseParser::dispatch() {
    m_has_fields = false;
    if (m_data.empty()) {
        // A block without data (only event:/id:/retry: or nothing) dispatches nothing.
        m_event_type.clear();
        m_block_retry.reset();
        return;
    }
    m_data.pop_back();  // the '\n' after the last data line
    SseEvent event;
    event.event = m_event_type.empty() ? "message" : std::move(m_event_type);
    event.data = std::move(m_data);
    event.id = m_last_event_id;
    event.retry = m_block_retry;
    m_data.clear();
    m_event_type.clear();
    m_block_retry.reset();
    if (m_on_event)
        m_on_event(event);
}

bool SseParser::has_partial_event() const {
    return !m_line.empty() || m_has_fields || (m_at_start && !m_start_bytes.empty());
}

}  // namespace lifeline::http
