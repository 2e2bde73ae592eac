#include <gtest/gtest.h>

#include <lifeline/output/dotenv.hpp>

#include "fake_keys.hpp"
#include "memory_file_system.hpp"

namespace lifeline::output {
namespace {

std::string error_of(const std::vector<DotenvEntry>& entries, DotenvLimits limits = {}) {
    auto result = render_dotenv(entries, secret::Redactor(), limits);
    if (result.ok())
        return "(accepted)";
    EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
    return result.error().message;
}

TEST(Dotenv, WritesOneKeyEqualsValueLinePerVariable) {
    testing::MemoryFileSystem fs;
    const std::vector<DotenvEntry> entries = {{"LIFELINE_PROVIDER", "openrouter"},
                                              {"LIFELINE_MODEL", "deepseek/deepseek-v4"},
                                              {"LIFELINE_BASE_URL", "https://openrouter.ai/api/v1"},
                                              {"LIFELINE_NOTE", "quotes 'stay' \"as-is\""},
                                              {"EMPTY", ""}};
    ASSERT_TRUE(write_dotenv(fs, "lifeline.env", entries, secret::Redactor()).ok());
    EXPECT_EQ(fs.read_file("lifeline.env").value(),
              "LIFELINE_PROVIDER=openrouter\n"
              "LIFELINE_MODEL=deepseek/deepseek-v4\n"
              "LIFELINE_BASE_URL=https://openrouter.ai/api/v1\n"
              "LIFELINE_NOTE=quotes 'stay' \"as-is\"\n"
              "EMPTY=\n");
}

TEST(Dotenv, RejectsKeysGitLabWouldRefuse) {
    EXPECT_NE(
        error_of({{"LIFELINE-PROVIDER", "x"}}).find("invalid dotenv key \"LIFELINE-PROVIDER\""),
        std::string::npos);
    EXPECT_NE(error_of({{"", "x"}}).find("invalid dotenv key"), std::string::npos);
    EXPECT_NE(error_of({{"KEY WITH SPACE", "x"}}).find("invalid dotenv key"), std::string::npos);
    EXPECT_NE(error_of({{"A", "1"}, {"A", "2"}}).find("A is set twice"), std::string::npos);
    EXPECT_EQ(error_of({{"9LIVES", "x"}}), "(accepted)");  // GitLab's [A-Za-z0-9_]+ allows it
}

TEST(Dotenv, RejectsValuesGitLabWouldMangleNamingTheKey) {
    EXPECT_NE(error_of({{"SUMMARY", "2 of 3 healthy\ngemini blocked"}})
                  .find("dotenv variable SUMMARY: value spans several lines"),
              std::string::npos);
    EXPECT_NE(error_of({{"CR", "a\rb"}}).find("CR: value spans several lines"), std::string::npos);
    EXPECT_NE(error_of({{"PADDED", " x "}}).find("PADDED: value has leading or trailing"),
              std::string::npos);
    EXPECT_NE(error_of({{"BELL", "a\ab"}}).find("BELL: value contains a control character"),
              std::string::npos);
    EXPECT_NE(error_of({{"BYTES", "caf\xe9"}}).find("BYTES: value is not valid UTF-8"),
              std::string::npos);
    EXPECT_EQ(error_of({{"UNICODE", "café ✓"}}), "(accepted)");
}

TEST(Dotenv, EnforcesGitLabsSizeAndCountLimits) {
    std::vector<DotenvEntry> many;
    for (int i = 0; i < 21; ++i)
        many.push_back({"V" + std::to_string(i), "1"});
    EXPECT_NE(error_of(many).find("21 variables; GitLab accepts at most 20"), std::string::npos);
    EXPECT_EQ(error_of(many, DotenvLimits{5120, 50}), "(accepted)");

    // "BIG=" + value + "\n": 5120 bytes exactly is accepted, one more is not.
    EXPECT_EQ(error_of({{"BIG", std::string(5120 - 5, 'x')}}), "(accepted)");
    EXPECT_NE(error_of({{"BIG", std::string(5120 - 4, 'x')}}).find("5121 bytes"),
              std::string::npos);
}

TEST(Dotenv, SecretsComeOutRedactedAndNothingIsWrittenOnError) {
    testing::MemoryFileSystem fs;
    secret::Redactor redactor;
    ASSERT_TRUE(write_dotenv(fs, "a.env", {{"KEY", testing::fake_anthropic_key()}}, redactor).ok());
    EXPECT_EQ(fs.read_file("a.env").value(), "KEY=***\n");
    EXPECT_FALSE(write_dotenv(fs, "b.env", {{"OK", "1"}, {"BAD", "x\ny"}}, redactor).ok());
    EXPECT_FALSE(fs.exists("b.env"));
}

}  // namespace
}  // namespace lifeline::output
