#include <filesystem>

#include <gtest/gtest.h>

#include <lifeline/process/executable_lookup.hpp>

#include "process_test_support.hpp"

namespace lifeline::process {
namespace {

using testing::ScratchDir;
using testing::write_file;

void make_program(const std::string& path, bool executable) {
    write_file(path, "#!/bin/sh\necho hi\n");
    std::filesystem::permissions(path, executable ? std::filesystem::perms::owner_all
                                                  : std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
}

TEST(FindExecutable, SearchesThePathOfTheChildEnvironmentInOrder) {
    ScratchDir dir;
    std::filesystem::create_directory(dir.path() / "first");
    std::filesystem::create_directory(dir.path() / "second");
    make_program(dir.file("second/agent-cli"), true);
    std::map<std::string, std::string> env{{"PATH", dir.file("first") + ":" + dir.file("second")}};

    auto found = find_executable("agent-cli", env, std::nullopt);

    ASSERT_TRUE(found.ok()) << found.error().to_string();
    EXPECT_EQ(*found, dir.file("second/agent-cli"));
}

TEST(FindExecutable, IgnoresLifelinesOwnPath) {
    // `sh` is on every parent PATH; a child PATH without it must not find it.
    ScratchDir dir;
    auto found = find_executable("sh", {{"PATH", dir.path().string()}}, std::nullopt);

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::not_found);
    EXPECT_NE(found.error().message.find("command not found: sh"), std::string::npos);
}

TEST(FindExecutable, SkipsFilesThatAreNotExecutableAndSaysSo) {
    ScratchDir dir;
    make_program(dir.file("agent-cli"), false);

    auto found = find_executable("agent-cli", {{"PATH", dir.path().string()}}, std::nullopt);

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::not_found);
    EXPECT_NE(found.error().message.find("not executable"), std::string::npos);
}

TEST(FindExecutable, ReturnsNamesWithASlashUnchanged) {
    auto found = find_executable("./bin/agent", {}, std::nullopt);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(*found, "./bin/agent");
}

TEST(FindExecutable, ResolvesRelativePathEntriesAgainstTheWorkingDirectory) {
    ScratchDir dir;
    std::filesystem::create_directory(dir.path() / "node_modules");
    std::filesystem::create_directory(dir.path() / "node_modules/.bin");
    make_program(dir.file("node_modules/.bin/codex"), true);

    auto found =
        find_executable("codex", {{"PATH", "node_modules/.bin:/usr/bin"}}, dir.path().string());

    ASSERT_TRUE(found.ok()) << found.error().to_string();
    // Relative, because the child resolves it after changing into the working directory.
    EXPECT_EQ(*found, "node_modules/.bin/codex");
}

TEST(FindExecutable, FallsBackToTheDefaultPathWhenTheEnvironmentHasNone) {
    auto found = find_executable("sh", {}, std::nullopt);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(*found, "/bin/sh");
}

TEST(FindExecutable, RejectsAnEmptyName) {
    auto found = find_executable("", {{"PATH", "/bin"}}, std::nullopt);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace lifeline::process
