#include "tmpfs_mount.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <sched.h>
#include <sys/mount.h>

namespace lifeline::testing {

namespace fs = std::filesystem;

TmpfsMount::TmpfsMount(const std::string& path, const std::string& size) : m_path(path) {
    fs::create_directories(path);
    if (unshare(CLONE_NEWNS) == 0)
        mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    const std::string options = "size=" + size + ",mode=0755";
    if (mount("tmpfs", path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0)
        m_mounted = true;
    else
        m_error = std::string("mount -t tmpfs -o ") + options + " " + path + ": " +
                  std::strerror(errno) + " (needs root or CAP_SYS_ADMIN)";
}

TmpfsMount::~TmpfsMount() {
    if (m_mounted)
        umount2(m_path.c_str(), MNT_DETACH);
}

std::uintmax_t fill_up(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    const std::string block(4096, 'x');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
    out.close();
    // The last block may have been half-written; what is there is what counts.
    std::error_code ignored;
    return fs::file_size(path, ignored);
}

}  // namespace lifeline::testing
