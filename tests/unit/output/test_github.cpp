#include <sstream>

#include <gtest/gtest.h>

#include <lifeline/output/github_commands.hpp>
#include <lifeline/output/github_files.hpp>
#include <lifeline/output/markdown.hpp>

#include "fake_environment.hpp"
#include "fake_keys.hpp"
#include "memory_file_system.hpp"

namespace lifeline::output {
namespace {

using testing::FakeEnvironment;
using testing::MemoryFileSystem;

FakeEnvironment github_env() {
    return FakeEnvironment(
        {{"GITHUB_ACTIONS", "true"},
         {"GITHUB_OUTPUT", "/home/runner/work/_temp/_runner_file_commands/set_output_1"},
         {"GITHUB_ENV", "/home/runner/work/_temp/_runner_file_commands/set_env_1"},
         {"GITHUB_STEP_SUMMARY", "/home/runner/work/_temp/_runner_file_commands/step_summary_1"}});
}

TEST(GitHubFileCommands, SingleLineValuesUseNameEqualsValue) {
    EXPECT_EQ(format_file_command("provider", "openrouter"), "provider=openrouter\n");
    EXPECT_EQ(format_file_command("empty", ""), "empty=\n");
    EXPECT_EQ(format_file_command("url", "https://x/?a=b=c"), "url=https://x/?a=b=c\n");
}

TEST(GitHubFileCommands, MultiLineValuesUseAHeredocWithAnUnguessableDelimiter) {
    const std::string value = "line one\nline two";
    const std::string delimiter = heredoc_delimiter("report", value);
    EXPECT_EQ(delimiter.rfind("ghadelimiter_", 0), 0u);
    EXPECT_EQ(delimiter.size(), std::string("ghadelimiter_").size() + 16);
    EXPECT_EQ(delimiter, heredoc_delimiter("report", value)) << "must be deterministic";
    EXPECT_NE(delimiter, heredoc_delimiter("report", value + "!"));
    EXPECT_EQ(format_file_command("report", value),
              "report<<" + delimiter + "\nline one\nline two\n" + delimiter + "\n");
}

TEST(GitHubFileCommands, ADelimiterNeverOccursInTheValue) {
    // A value crafted to contain the delimiter its name+value would otherwise get.
    std::string value = "a\nb";
    for (int i = 0; i < 3; ++i)
        value += "\n" + heredoc_delimiter("x", value) + "\ninjected=1";
    const std::string delimiter = heredoc_delimiter("x", value);
    EXPECT_EQ(value.find(delimiter), std::string::npos);
}

TEST(GitHubFileCommands, NamesAreValidated) {
    EXPECT_TRUE(validate_output_name("selected-provider").ok());
    EXPECT_TRUE(validate_output_name("_private").ok());
    EXPECT_FALSE(validate_output_name("").ok());
    EXPECT_FALSE(validate_output_name("1st").ok());
    EXPECT_FALSE(validate_output_name("a=b").ok());
    EXPECT_FALSE(validate_output_name("a<<EOF").ok());
    EXPECT_TRUE(validate_env_name("LIFELINE_PROVIDER").ok());
    EXPECT_FALSE(validate_env_name("LIFELINE-PROVIDER").ok());
    EXPECT_FALSE(validate_env_name("A B").ok());
    auto node = validate_env_name("NODE_OPTIONS");
    ASSERT_FALSE(node.ok());
    EXPECT_EQ(node.error().code, ErrorCode::invalid_input);
}

TEST(GitHubFiles, AppendsOutputsAndEnvWithSecretsRedacted) {
    MemoryFileSystem fs;
    FakeEnvironment env = github_env();
    secret::Redactor redactor;
    redactor.add_value("corp-proxy-token-77aa");
    GitHubFiles github(fs, env, redactor);
    ASSERT_TRUE(github.set_output("provider", "openrouter").ok());
    ASSERT_TRUE(github.set_output("key", testing::fake_openrouter_key()).ok());
    ASSERT_TRUE(github.set_output("log", "using corp-proxy-token-77aa\nok").ok());
    ASSERT_TRUE(github.export_variable("LIFELINE_MODEL", "claude-sonnet-4-6").ok());

    const std::string outputs = fs.read_file(*env.get("GITHUB_OUTPUT")).value();
    const std::string delimiter = heredoc_delimiter("log", "using ***\nok");
    EXPECT_EQ(outputs, "provider=openrouter\nkey=***\nlog<<" + delimiter + "\nusing ***\nok\n" +
                           delimiter + "\n");
    EXPECT_EQ(fs.read_file(*env.get("GITHUB_ENV")).value(), "LIFELINE_MODEL=claude-sonnet-4-6\n");
}

TEST(GitHubFiles, OutsideGitHubActionsAndBadNamesAreErrors) {
    MemoryFileSystem fs;
    FakeEnvironment env;
    secret::Redactor redactor;
    GitHubFiles github(fs, env, redactor);
    auto result = github.set_output("provider", "openai");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::unavailable);
    EXPECT_NE(result.error().message.find("GITHUB_OUTPUT is not set"), std::string::npos);

    FakeEnvironment gh = github_env();
    GitHubFiles inside(fs, gh, redactor);
    EXPECT_FALSE(inside.export_variable("NODE_OPTIONS", "--require ./evil.js").ok());
    EXPECT_TRUE(fs.files().empty());
}

TEST(GitHubFiles, StepSummaryTableIsEscapedRedactedAndCapped) {
    MemoryFileSystem fs;
    FakeEnvironment env = github_env();
    secret::Redactor redactor;
    GitHubFiles github(fs, env, redactor);
    const std::string table = markdown_table(
        {"Provider", "Status", "Detail"},
        {{"openai", "ok", "812 ms"},
         {"gemini", "region_blocked", "User location is not supported | 400\nFAILED_PRECONDITION"},
         {"openrouter", "auth", "401 for key " + testing::fake_openrouter_key()}});
    ASSERT_TRUE(github.append_summary("### lifeline probe\n\n" + table).ok());
    EXPECT_EQ(fs.read_file(*env.get("GITHUB_STEP_SUMMARY")).value(),
              "### lifeline probe\n\n"
              "| Provider | Status | Detail |\n"
              "| --- | --- | --- |\n"
              "| openai | ok | 812 ms |\n"
              "| gemini | region_blocked | User location is not supported \\| "
              "400<br>FAILED_PRECONDITION |\n"
              "| openrouter | auth | 401 for key *** |\n");

    auto too_big = github.append_summary(std::string(k_step_summary_limit, 'x'));
    ASSERT_FALSE(too_big.ok());
    EXPECT_NE(too_big.error().message.find("1 MiB"), std::string::npos);
}

TEST(GitHubCommands, AnnotationsUseTheRunnersEscaping) {
    secret::Redactor redactor;
    Annotation annotation;
    annotation.level = AnnotationLevel::error;
    annotation.file = "lifeline.yaml";
    annotation.line = 12;
    annotation.column = 5;
    annotation.title = "config: lanes.code[1], unknown";
    annotation.message = "unknown model \"gpt-55\"\n100% sure: did you mean gpt-5.5?\r";
    EXPECT_EQ(format_annotation(annotation, redactor),
              "::error file=lifeline.yaml,line=12,col=5,title=config%3A lanes.code[1]%2C unknown"
              "::unknown model \"gpt-55\"%0A100%25 sure: did you mean gpt-5.5?%0D\n");

    Annotation plain;
    plain.level = AnnotationLevel::notice;
    plain.message = "2 of 3 providers healthy";
    EXPECT_EQ(format_annotation(plain, redactor), "::notice::2 of 3 providers healthy\n");
}

TEST(GitHubCommands, SecretsInAnnotationsAreRedactedAndEverySecretIsMasked) {
    secret::Redactor redactor;
    redactor.add_value("100%-vault-token");
    redactor.add_value("multi-line-secret\npart-two-of-it");
    std::ostringstream log;
    GitHubCommands commands(log, redactor);
    commands.mask_secrets();
    commands.group("probe 100%-vault-token");
    Annotation warning;
    warning.title = "key " + testing::fake_google_key();
    warning.message = "retrying with 100%-vault-token";
    commands.annotate(warning);
    commands.end_group();
    EXPECT_EQ(log.str(),
              "::add-mask::100%25-vault-token\n"
              "::add-mask::multi-line-secret%0Apart-two-of-it\n"
              "::add-mask::multi-line-secret\n"
              "::add-mask::part-two-of-it\n"
              "::group::probe ***\n"
              "::warning title=key ***::retrying with ***\n"
              "::endgroup::\n");
}

}  // namespace
}  // namespace lifeline::output
