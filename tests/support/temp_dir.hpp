#pragma once
// A private temporary directory for tests, removed with its files at destruction.

#include <string>

namespace lifeline::testing {

class TempDir {
  public:
    // Made under the system temporary directory ($TMPDIR, else /tmp) as "<prefix>.XXXXXX";
    // path() is "" when that fails, else canonical (no symlinks), so it equals what a child
    // started in it reports as its working directory.
    explicit TempDir(const std::string& prefix = "lifeline-it");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    // The full path of path()/name; nothing is created.
    std::string file(const std::string& name) const { return m_path + "/" + name; }
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
