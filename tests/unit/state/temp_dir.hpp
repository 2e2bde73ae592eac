#pragma once
// A private directory under $TMPDIR (or /tmp), removed with everything in it.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace lifeline::testing {

class TempDir {
  public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/lifeline-state-XXXXXX";
        if (char* made = mkdtemp(pattern.data())) {
            m_path = made;
        }
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

  private:
    std::string m_path;
};

}  // namespace lifeline::testing
