// Discovery order: --config, $LIFELINE_CONFIG, ./lifeline.yaml,
// $HOME/.config/lifeline/lifeline.yaml, embedded default.

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

#include "fake_environment.hpp"
#include "memory_file_system.hpp"

namespace lifeline::config {
namespace {

using testing::FakeEnvironment;
using testing::MemoryFileSystem;

// A config whose only provider is named after where it lives, so a test can tell them apart.
std::string config_naming(const std::string& provider) {
    return "version: 1\nproviders:\n  " + provider +
           ": {kind: openai-compatible, base_url: http://127.0.0.1:8000/v1}\n";
}

class Discovery : public ::testing::Test {
  protected:
    void SetUp() override {
        m_env.set("HOME", "/home/ci");
        m_fs.put("/repo/ci/lifeline.yaml", config_naming("from-flag"));
        m_fs.put("/etc/lifeline/fleet.yaml", config_naming("from-env"));
        m_fs.put("lifeline.yaml", config_naming("from-cwd"));
        m_fs.put("/home/ci/.config/lifeline/lifeline.yaml", config_naming("from-home"));
    }

    std::string provider_found(const std::optional<std::string>& flag) {
        auto config = discover_config(m_fs, m_env, flag);
        if (!config)
            return "error: " + config.error().to_string();
        return config->providers.empty() ? "<none>" : config->providers[0].name;
    }

    MemoryFileSystem m_fs;
    FakeEnvironment m_env;
};

TEST_F(Discovery, FlagWinsOverEverything) {
    m_env.set("LIFELINE_CONFIG", "/etc/lifeline/fleet.yaml");
    EXPECT_EQ(provider_found("/repo/ci/lifeline.yaml"), "from-flag");
}

TEST_F(Discovery, EnvironmentVariableComesSecond) {
    m_env.set("LIFELINE_CONFIG", "/etc/lifeline/fleet.yaml");
    EXPECT_EQ(provider_found(std::nullopt), "from-env");
}

TEST_F(Discovery, WorkingDirectoryFileBeforeHomeFile) {
    EXPECT_EQ(provider_found(std::nullopt), "from-cwd");
    ASSERT_TRUE(m_fs.remove_file("lifeline.yaml").ok());
    EXPECT_EQ(provider_found(std::nullopt), "from-home");
}

TEST_F(Discovery, EmptyVariableAndEmptyFlagAreIgnored) {
    m_env.set("LIFELINE_CONFIG", "");
    EXPECT_EQ(provider_found(std::string()), "from-cwd");
}

TEST_F(Discovery, EmbeddedDefaultWhenNoFileExists) {
    MemoryFileSystem empty;
    auto config = discover_config(empty, m_env, std::nullopt);
    ASSERT_TRUE(config.ok()) << config.error().to_string();
    EXPECT_EQ(config->source, "<embedded default>");
    EXPECT_NE(config->find_provider("openai"), nullptr);
    // Without HOME the user file is simply not looked for.
    FakeEnvironment no_home;
    auto again = discover_config(empty, no_home, std::nullopt);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->source, "<embedded default>");
}

TEST_F(Discovery, MissingFlagPathIsAnErrorNotAFallback) {
    const std::string error = provider_found("/repo/ci/lifelin.yaml");
    EXPECT_EQ(error, "error: config file \"/repo/ci/lifelin.yaml\" (from --config) does not exist");
}

TEST_F(Discovery, MissingEnvPathIsAnErrorNotAFallback) {
    m_env.set("LIFELINE_CONFIG", "/etc/lifeline/missing.yaml");
    EXPECT_EQ(provider_found(std::nullopt),
              "error: config file \"/etc/lifeline/missing.yaml\" (from $LIFELINE_CONFIG) does "
              "not exist");
}

TEST_F(Discovery, BrokenDiscoveredFileReportsItsOwnLocation) {
    m_fs.put("lifeline.yaml", "version: 1\nlanes:\n  code: [nope]\n");
    EXPECT_EQ(provider_found(std::nullopt),
              "error: lifeline.yaml:3:10: lanes.code[0]: unknown model \"nope\" (none are "
              "defined)");
}

TEST_F(Discovery, LoadConfigFileMissingIsNotFound) {
    auto config = load_config_file(m_fs, "/nowhere/lifeline.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().code, ErrorCode::not_found);
    auto found = load_config_file(m_fs, "/repo/ci/lifeline.yaml");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->source, "/repo/ci/lifeline.yaml");
}

}  // namespace
}  // namespace lifeline::config
