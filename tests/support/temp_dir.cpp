#include "temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <stdlib.h>

namespace lifeline::testing {

std::string read_text_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

TempDir::TempDir(const std::string& prefix) {
    std::error_code error;
    const std::string base = std::filesystem::temp_directory_path(error).string();
    std::string pattern = (error ? std::string("/tmp") : base) + "/" + prefix + ".XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!mkdtemp(buffer.data()))
        return;
    const std::filesystem::path canonical = std::filesystem::canonical(buffer.data(), error);
    m_path = error ? std::string(buffer.data()) : canonical.string();
}

TempDir::~TempDir() {
    if (m_path.empty())
        return;
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string full = file(name);
    std::ofstream(full) << content;
    return full;
}

std::string TempDir::read(const std::string& name) const {
    return read_text_file(file(name));
}

}  // namespace lifeline::testing
