#include "line_reader.hpp"

#include <cstring>

namespace lifeline::budget {
namespace {

bool is_blank(std::string_view text) {
    for (const char c : text) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v')
            return false;
    }
    return true;
}

}  // namespace

LineReader::LineReader(std::size_t chunk) {
    grow(chunk < 4096 ? 4096 : chunk);
}

void LineReader::grow(std::size_t capacity) {
    auto fresh = std::make_unique<char[]>(capacity + k_line_padding);
    if (m_buffer)
        std::memcpy(fresh.get(), m_buffer.get(), m_capacity);
    // The padding is read by simdjson but never used; zero it so tools like valgrind agree.
    std::memset(fresh.get() + capacity, 0, k_line_padding);
    m_buffer = std::move(fresh);
    m_capacity = capacity;
}

Status LineReader::read(ByteSource& source, const std::function<void(const Line&)>& on_line,
                        int64_t* bytes) {
    std::size_t start = 0;  // first byte of the current (unfinished) line
    std::size_t end = 0;    // end of the data in the buffer
    int64_t number = 0;
    int64_t total = 0;
    auto emit = [&](std::size_t from, std::size_t to, bool terminated) {
        ++number;
        std::string_view text(m_buffer.get() + from, to - from);
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (!is_blank(text))
            on_line(Line{text, number, terminated});
    };
    for (;;) {
        if (end == m_capacity) {
            if (start > 0) {
                // Keep the unfinished line, drop what was already handed out.
                std::memmove(m_buffer.get(), m_buffer.get() + start, end - start);
                end -= start;
                start = 0;
            } else {
                grow(m_capacity * 2);  // one line longer than the buffer
            }
        }
        auto got = source.read(m_buffer.get() + end, m_capacity - end);
        if (!got) {
            if (bytes)
                *bytes = total;
            return fail(got.error());
        }
        if (*got == 0)
            break;
        const std::size_t scan_from = end;
        end += *got;
        total += static_cast<int64_t>(*got);
        const char* base = m_buffer.get();
        std::size_t pos = scan_from;
        while (pos < end) {
            const void* hit = std::memchr(base + pos, '\n', end - pos);
            if (!hit)
                break;
            const auto newline = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
            emit(start, newline, true);
            start = newline + 1;
            pos = start;
        }
        if (start == end)
            start = end = 0;  // everything handed out: refill from the front, no memmove
    }
    if (start < end)
        emit(start, end, false);
    if (bytes)
        *bytes = total;
    return {};
}

}  // namespace lifeline::budget
