#pragma once
// A FileSystem held in memory. Directories exist implicitly as path prefixes.

#include <algorithm>
#include <map>
#include <string>

#include <lifeline/core/file_system.hpp>

namespace lifeline::testing {

class MemoryFileSystem final : public FileSystem {
  public:
    Result<std::string> read_file(const std::string& path) const override {
        const auto it = m_files.find(path);
        if (it == m_files.end())
            return fail(ErrorCode::not_found, "no such file: " + path);
        return it->second;
    }
    bool exists(const std::string& path) const override {
        if (m_files.count(path) > 0)
            return true;
        const std::string prefix = path.empty() || path.back() == '/' ? path : path + "/";
        return std::any_of(m_files.begin(), m_files.end(),
                           [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
    }
    Status write_file_atomic(const std::string& path, std::string_view content,
                             unsigned mode = 0644) override {
        m_files[path] = std::string(content);
        m_modes[path] = mode;
        return {};
    }
    Status append_file(const std::string& path, std::string_view content) override {
        m_files[path] += content;
        return {};
    }
    Status create_directories(const std::string&) override { return {}; }
    Status remove_file(const std::string& path) override {
        m_files.erase(path);
        return {};
    }
    Status remove_tree(const std::string& path) override {
        const std::string prefix = path.empty() || path.back() == '/' ? path : path + "/";
        for (auto it = m_files.begin(); it != m_files.end();) {
            if (it->first == path || it->first.rfind(prefix, 0) == 0)
                it = m_files.erase(it);
            else
                ++it;
        }
        return {};
    }
    Result<std::vector<std::string>> list_files(const std::string& directory,
                                                std::string_view suffix) const override {
        const std::string prefix =
            directory.empty() || directory.back() == '/' ? directory : directory + "/";
        std::vector<std::string> found;
        for (const auto& [path, content] : m_files) {
            if (path.rfind(prefix, 0) == 0 && path.size() >= suffix.size() &&
                path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
                found.push_back(path);
            }
        }
        return found;
    }

    // Test helpers.
    void put(const std::string& path, std::string content) { m_files[path] = std::move(content); }
    unsigned mode_of(const std::string& path) const {
        const auto it = m_modes.find(path);
        return it == m_modes.end() ? 0644 : it->second;
    }
    const std::map<std::string, std::string>& files() const { return m_files; }

  private:
    std::map<std::string, std::string> m_files;
    std::map<std::string, unsigned> m_modes;
};

}  // namespace lifeline::testing
