#pragma once
// A private temporary directory for tests that run real binaries, removed with its files at
// destruction.

#include <string>

namespace lifeline::testing {

class TempDir {
  public:
    // Made under the system temporary directory as "<prefix>.XXXXXX"; path() is "" when that
    // fails.
    explicit TempDir(const std::string& prefix = "lifeline-it");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    // Writes `content` to path()/name; returns the full path.
    std::string write(const std::string& name, const std::string& content) const;
    // The content of path()/name; "" when it does not exist.
    std::string read(const std::string& name) const;

  private:
    std::string m_path;
};

// The content of the file at `path`; "" when it does not exist.
std::string read_text_file(const std::string& path);

}  // namespace lifeline::testing
