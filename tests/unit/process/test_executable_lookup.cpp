#include <filesystem>

#include <gtest/gtest.h>

#include <lifeline/process/executable_lookup.hpp>

#include "process_test_support.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::process {
namespace {

using lifeline::testing::TempDir;
using testing::write_file;

void make_program(const std::string& path, bool executable) {
    write_file(path, "#!/bin/sh\necho hi\n");
    std::filesystem::permissions(path, executable ? std::filesystem::perms::owner_all
                                                  : std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
}

TEST(FindExecutable, SearchesThePathOfTheChildEnvironmentInOrder) {
    TempDir dir;
    std::filesystem::create_directory(dir.file("first"));
    std::filesystem::create_directory(dir.file("second"));
    make_program(dir.file("second/agent-cli"), true);
    std::map<std::string, std::string> env{{"PATH", dir.file("first") + ":" + dir.file("second")}};

    auto found = find_executable("agent-cli", env, std::nullopt);

    ASSERT_TRUE(found.ok()) << found.error().to_string();
    EXPECT_EQ(*found, dir.file("second/agent-cli"));
}

TEST(FindExecutable, IgnoresLifelinesOwnPath) {
    // `sh` is on every parent PATH; a child PATH without it must not find it.
    TempDir dir;
    auto found = find_executable("sh", {{"PATH", dir.path()}}, std::nullopt);

    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::not_found);
    EXPECT_NE(found.error().message.find("command not found: sh"), std::string::npos);
}

TEST(FindExecutable, SkipsFilesThatAreNotExecutableAndSaysSo) {
    TempDir dir;
    make_program(dir.file("agent-cli"), false);

    auto found = find_executable("agent-cli", {{"PATH", dir.path()}}, std::nullopt);

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
    TempDir dir;
    std::filesystem::create_directory(dir.file("node_modules"));
    std::filesystem::create_directory(dir.file("node_modules/.bin"));
    make_program(dir.file("node_modules/.bin/codex"), true);

    auto found = find_executable("codex", {{"PATH", "node_modules/.bin:/usr/bin"}}, dir.path());

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
