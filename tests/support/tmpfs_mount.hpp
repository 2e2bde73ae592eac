#pragma once
// A size-limited tmpfs for one test, to fill a file system up under a tool: mounted in a
// private mount namespace of the test process (the tools it starts inherit it), so a test
// killed by a timeout leaves nothing mounted on the host. Needs root or CAP_SYS_ADMIN; a test
// skips when mounted() is false.

#include <cstdint>
#include <string>

namespace lifeline::testing {

class TmpfsMount {
  public:
    // Mounts a tmpfs of `size` ("1m") on `path`, created if missing.
    TmpfsMount(const std::string& path, const std::string& size);
    // Unmounts lazily, so an open file cannot keep it.
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    bool mounted() const { return m_mounted; }
    // Why it is not mounted: the mount command and its error.
    const std::string& error() const { return m_error; }

  private:
    std::string m_path;
    bool m_mounted = false;
    std::string m_error;
};

// Writes `path` until the file system refuses another byte; the bytes written.
std::uintmax_t fill_up(const std::string& path);

}  // namespace lifeline::testing
