#include "byte_source.hpp"

#include <algorithm>
#include <cstring>

namespace lifeline::budget {

Result<std::size_t> StringSource::read(char* buffer, std::size_t capacity) {
    const std::size_t n = std::min(capacity, m_data.size() - m_offset);
    std::memcpy(buffer, m_data.data() + m_offset, n);
    m_offset += n;
    return n;
}

Result<std::unique_ptr<ByteSource>> FileSystemOpener::open(const std::string& path) const {
    auto content = m_fs.read_file(path);
    if (!content)
        return fail(content.error());
    return std::unique_ptr<ByteSource>(std::make_unique<StringSource>(std::move(*content)));
}

}  // namespace lifeline::budget
