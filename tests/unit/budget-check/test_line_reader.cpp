#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "line_reader.hpp"

namespace lifeline::budget {
namespace {

// Hands out its data a few bytes at a time, like a pipe or a file being appended to.
class TricklingSource final : public ByteSource {
  public:
    TricklingSource(std::string data, std::size_t step) : m_data(std::move(data)), m_step(step) {}
    Result<std::size_t> read(char* buffer, std::size_t capacity) override {
        const std::size_t n = std::min({capacity, m_step, m_data.size() - m_offset});
        std::copy_n(m_data.data() + m_offset, n, buffer);
        m_offset += n;
        return n;
    }

  private:
    std::string m_data;
    std::size_t m_step;
    std::size_t m_offset = 0;
};

std::vector<Line> collect(ByteSource& source, std::vector<std::string>& texts,
                          std::size_t chunk = 4096) {
    LineReader reader(chunk);
    std::vector<Line> lines;
    EXPECT_TRUE(reader.read(source, [&](const Line& line) {
        texts.emplace_back(line.text);
        lines.push_back(line);
    }));
    return lines;
}

TEST(LineReader, SplitsLinesKeepingNumbersAcrossBlankLinesAndCrlf) {
    StringSource source("{\"a\":1}\r\n\n   \n{\"b\":2}\n");
    std::vector<std::string> texts;
    const auto lines = collect(source, texts);
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(texts[0], "{\"a\":1}");
    EXPECT_EQ(texts[1], "{\"b\":2}");
    EXPECT_EQ(lines[1].number, 4);
    EXPECT_TRUE(lines[1].terminated);
}

TEST(LineReader, ReportsAnUnterminatedLastLineAsNotTerminated) {
    StringSource source("{\"a\":1}\n{\"b\":");
    std::vector<std::string> texts;
    const auto lines = collect(source, texts);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(lines[0].terminated);
    EXPECT_FALSE(lines[1].terminated);
    EXPECT_EQ(texts[1], "{\"b\":");
}

TEST(LineReader, HandlesLinesLongerThanTheBufferAndTinyReads) {
    const std::string long_line(20000, 'x');
    TricklingSource source("short\n" + long_line + "\nend\n", 7);
    std::vector<std::string> texts;
    collect(source, texts, 4096);
    ASSERT_EQ(texts.size(), 3u);
    EXPECT_EQ(texts[1], long_line);
    EXPECT_EQ(texts[2], "end");
}

TEST(LineReader, CountsBytesRead) {
    StringSource source("one\ntwo\n");
    LineReader reader;
    int64_t bytes = 0;
    ASSERT_TRUE(reader.read(
        source, [](const Line&) {}, &bytes));
    EXPECT_EQ(bytes, 8);
}

}  // namespace
}  // namespace lifeline::budget
