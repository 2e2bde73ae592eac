#include "response_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace proxy_bench {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool icontains(std::string_view text, std::string_view word) {
    if (word.size() > text.size())
        return false;
    for (size_t at = 0; at + word.size() <= text.size(); ++at) {
        if (iequals(text.substr(at, word.size()), word))
            return true;
    }
    return false;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

}  // namespace

void ResponseParser::reset() {
    *this = ResponseParser{};
}

bool ResponseParser::feed(std::string_view bytes) {
    if (!bytes.empty())
        m_any_bytes = true;
    while (!bytes.empty() && m_state != State::done) {
        switch (m_state) {
            case State::head: {
                const size_t searched = m_line.size() < 3 ? 0 : m_line.size() - 3;
                m_line.append(bytes);
                const size_t end = m_line.find("\r\n\r\n", searched);
                if (end == std::string::npos) {
                    if (m_line.size() > 256 * 1024)
                        return false;
                    return true;
                }
                // Give back what follows the header block.
                const size_t used = end + 4 - (m_line.size() - bytes.size());
                bytes.remove_prefix(used);
                m_line.resize(end + 4);
                if (!parse_head())
                    return false;
                m_line.clear();
                break;
            }
            case State::length_body: {
                const size_t take = std::min(m_remaining, bytes.size());
                m_body_started = m_body_started || take > 0;
                m_remaining -= take;
                bytes.remove_prefix(take);
                if (m_remaining == 0)
                    m_state = State::done;
                break;
            }
            case State::close_body:
                m_body_started = true;
                return true;
            case State::chunk_size:
            case State::chunk_data_end:
            case State::trailers: {
                const size_t newline = bytes.find('\n');
                m_line.append(bytes.substr(
                    0, newline == std::string_view::npos ? bytes.size() : newline + 1));
                if (newline == std::string_view::npos) {
                    if (m_line.size() > 4096)
                        return false;
                    return true;
                }
                bytes.remove_prefix(newline + 1);
                const std::string_view line =
                    trim(std::string_view(m_line).substr(0, m_line.size() - 1));
                if (m_state == State::chunk_size) {
                    if (!on_chunk_size_line(line))
                        return false;
                } else if (m_state == State::chunk_data_end) {
                    if (!line.empty())
                        return false;
                    m_state = State::chunk_size;
                } else if (line.empty()) {
                    m_state = State::done;
                }
                m_line.clear();
                break;
            }
            case State::chunk_data: {
                const size_t take = std::min(m_remaining, bytes.size());
                m_body_started = m_body_started || take > 0;
                m_remaining -= take;
                bytes.remove_prefix(take);
                if (m_remaining == 0)
                    m_state = State::chunk_data_end;
                break;
            }
            case State::done:
                break;
        }
    }
    return true;
}

void ResponseParser::on_eof() {
    if (m_state == State::close_body)
        m_state = State::done;
}

bool ResponseParser::parse_head() {
    const std::string_view head(m_line);
    const size_t first_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, first_end);
    if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/")
        return false;
    const bool http10 = status_line.substr(0, 8) == "HTTP/1.0";
    int status = 0;
    const auto parsed = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
    if (parsed.ec != std::errc{})
        return false;
    bool chunked = false;
    bool close = http10;
    bool has_length = false;
    size_t length = 0;
    size_t at = first_end + 2;
    while (at < head.size()) {
        const size_t end = head.find("\r\n", at);
        const std::string_view line = head.substr(at, end - at);
        at = end + 2;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-length")) {
            has_length = std::from_chars(value.data(), value.data() + value.size(), length).ec ==
                         std::errc{};
        } else if (iequals(name, "transfer-encoding")) {
            chunked = icontains(value, "chunked");
        } else if (iequals(name, "connection")) {
            if (icontains(value, "close"))
                close = true;
            else if (icontains(value, "keep-alive"))
                close = false;
        }
    }
    if (status >= 100 && status < 200 && status != 101) {
        return true;  // interim: the real response follows (state stays head)
    }
    m_status = status;
    m_keep_alive = !close;
    if (status == 204 || status == 304) {
        m_state = State::done;
    } else if (chunked) {
        m_state = State::chunk_size;
    } else if (has_length) {
        m_remaining = length;
        m_state = length == 0 ? State::done : State::length_body;
    } else {
        m_keep_alive = false;
        m_state = State::close_body;
    }
    return true;
}

bool ResponseParser::on_chunk_size_line(std::string_view line) {
    const std::string_view digits = line.substr(0, line.find(';'));
    size_t size = 0;
    if (digits.empty() ||
        std::from_chars(digits.data(), digits.data() + digits.size(), size, 16).ec != std::errc{})
        return false;
    if (size == 0) {
        m_state = State::trailers;
        return true;
    }
    m_remaining = size;
    m_state = State::chunk_data;
    return true;
}

}  // namespace proxy_bench
