// What the SQLite backend says when the file cannot be written: a full file system and a
// directory the user may not write are named as such, with the file and what to do. Each case
// runs in a forked child (its own mount namespace, or another user), so nothing leaks.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <grp.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/storage/open.hpp>

#include "fake_clock.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::state {
namespace {

namespace fs = std::filesystem;

// Runs `body` in a forked child and returns what it wrote to its pipe ("" when it died).
template <typename Body>
std::string in_child(Body body) {
    int fds[2];
    if (pipe(fds) != 0)
        return "";
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const std::string said = body();
        const ssize_t written = write(fds[1], said.data(), said.size());
        _exit(written == static_cast<ssize_t>(said.size()) ? 0 : 3);
    }
    close(fds[1]);
    std::string said;
    char buffer[4096];
    for (ssize_t got; (got = read(fds[0], buffer, sizeof buffer)) > 0;)
        said.append(buffer, static_cast<std::size_t>(got));
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    return said;
}

std::string open_error(const std::string& url) {
    testing::FakeClock clock;
    auto opened = open_state_store(url, clock);
    return opened ? "opened" : opened.error().to_string();
}

TEST(SqliteErrors, AFullFileSystemIsNamedWithTheFileAndWhatToDo) {
    testing::TempDir dir;
    const std::string disk = dir.file("disk");
    fs::create_directory(disk);
    const std::string said = in_child([&]() -> std::string {
        // A private mount namespace: the tmpfs goes away with the child.
        if (unshare(CLONE_NEWNS) != 0 ||
            mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=64k") != 0)
            return std::string("skip: cannot mount a tmpfs: ") + std::strerror(errno);
        std::ofstream filler(disk + "/filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size())) &&
               filler.flush()) {
        }
        return open_error("sqlite://" + disk + "/state.db");
    });
    if (said.rfind("skip: ", 0) == 0)
        GTEST_SKIP() << said;
    EXPECT_NE(said.find("state store sqlite://" + disk +
                        "/state.db: no space left on its file "
                        "system"),
              std::string::npos)
        << said;
    EXPECT_NE(said.find("free space there or point --state at another file"), std::string::npos)
        << said;
}

TEST(SqliteErrors, ADirectoryTheUserCannotWriteIsNamedWithWhatToDo) {
    testing::TempDir dir;
    const std::string locked = dir.file("locked");
    fs::create_directory(locked);
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                                fs::perms::others_exec);
    const std::string url = "sqlite://" + locked + "/state.db";
    const std::string said = in_child([&]() -> std::string {
        // Root ignores modes: drop to nobody first.
        if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setresgid(65534, 65534, 65534) != 0 ||
                               setresuid(65534, 65534, 65534) != 0))
            return std::string("skip: cannot become uid 65534: ") + std::strerror(errno);
        return open_error(url);
    });
    if (said.rfind("skip: ", 0) == 0)
        GTEST_SKIP() << said;
    EXPECT_NE(said.find("cannot open state store " + url + " for writing"), std::string::npos)
        << said;
    EXPECT_NE(said.find("this user must be able to write the file and its directory"),
              std::string::npos)
        << said;
    EXPECT_FALSE(fs::exists(locked + "/state.db"));
}

}  // namespace
}  // namespace lifeline::state
