#pragma once
// Files, injected: logic reads and writes through a FileSystem so tests can use memory.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/util/result.hpp>

namespace lifeline {

class FileSystem {
  public:
    virtual ~FileSystem() = default;
    // The whole file. ErrorCode::not_found when it does not exist, ErrorCode::io otherwise.
    virtual Result<std::string> read_file(const std::string& path) const = 0;
    virtual bool exists(const std::string& path) const = 0;
    // Replaces the file's content atomically (write to a temporary sibling, then rename),
    // creating parent directories; `mode` is the permission of a newly created file.
    virtual Status write_file_atomic(const std::string& path, std::string_view content,
                                     unsigned mode = 0644) = 0;
    // Appends, creating the file (and parent directories) when missing.
    virtual Status append_file(const std::string& path, std::string_view content) = 0;
    virtual Status create_directories(const std::string& path) = 0;
    virtual Status remove_file(const std::string& path) = 0;
    // Removes `path` and everything below it; a missing path is not an error.
    virtual Status remove_tree(const std::string& path) = 0;
    // Regular files below `directory` (recursively) whose name ends with `suffix`, sorted.
    virtual Result<std::vector<std::string>> list_files(const std::string& directory,
                                                        std::string_view suffix) const = 0;
};

}  // namespace lifeline
