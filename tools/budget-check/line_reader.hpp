#pragma once
// Splits a byte stream into JSONL lines without loading it whole. Lines are handed out as
// views into a reusable buffer that always has k_line_padding readable bytes after each line,
// which is what simdjson needs to parse in place.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "byte_source.hpp"

namespace lifeline::budget {

// simdjson's SIMDJSON_PADDING (64) with room to spare.
inline constexpr std::size_t k_line_padding = 128;

struct Line {
    std::string_view text;   // without the '\n' (and without a '\r' before it)
    int64_t number = 0;      // 1-based, counting blank lines too
    bool terminated = true;  // false for a last line with no '\n' (maybe still being written)
};

class LineReader {
  public:
    // `chunk` is the read size; a longer line grows the buffer as needed.
    explicit LineReader(std::size_t chunk = std::size_t{1} << 20);

    // Calls `on_line` for every line that is not blank (only whitespace). The view is valid
    // during the call only. Returns the source's read error, if any, after the lines before it.
    // `bytes` (optional) receives the number of bytes read.
    Status read(ByteSource& source, const std::function<void(const Line&)>& on_line,
                int64_t* bytes = nullptr);

  private:
    void grow(std::size_t capacity);

    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity = 0;
};

}  // namespace lifeline::budget
