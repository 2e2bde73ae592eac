#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/secret/redactor.hpp>

#include "fake_keys.hpp"

namespace lifeline::secret {
namespace {

struct ShapeCase {
    const char* name;
    std::string input;
    std::string expected;
};

std::vector<ShapeCase> shape_cases() {
    using namespace lifeline::testing;
    return {
        {"openai_project", "export OPENAI_API_KEY=" + fake_openai_project_key() + "\n",
         "export OPENAI_API_KEY=***\n"},
        {"anthropic", "x-api-key: " + fake_anthropic_key(), "x-api-key: ***"},
        {"openrouter_in_json", R"({"key":")" + fake_openrouter_key() + R"(","ok":true})",
         R"({"key":"***","ok":true})"},
        {"google_in_query", "GET /v1beta/models?key=" + fake_google_key() + "&alt=sse",
         "GET /v1beta/models?key=***&alt=sse"},
        {"bearer_jwt",
         "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\r\n",
         "Authorization: Bearer ***\r\n"},
        {"bearer_lowercase", "authorization: bearer " + fake_body(32, 11),
         "authorization: bearer ***"},
        {"github", "token " + fake_github_token() + " expired", "token *** expired"},
        {"github_pat", "GH_TOKEN=" + fake_github_pat(), "GH_TOKEN=***"},
        {"gitlab", "PRIVATE-TOKEN: " + fake_gitlab_token(), "PRIVATE-TOKEN: ***"},
        {"two_keys_one_line",
         "tried " + fake_openrouter_key() + " then " + fake_anthropic_key() + ".",
         "tried *** then ***."},
    };
}

TEST(Redactor, ReplacesEveryKnownKeyShape) {
    const Redactor redactor;
    for (const ShapeCase& c : shape_cases()) {
        // Compared without printing the input: it looks like a key.
        EXPECT_TRUE(redactor.redact(c.input) == c.expected) << c.name;
    }
}

TEST(Redactor, LeavesLookAlikesAndProseAlone) {
    const Redactor redactor;
    const std::vector<std::string> untouched = {
        "pip install scikit-learn sk-learn",
        "task-runner-configuration-file-name-is-long",  // "sk-" inside a word
        "sk-short",
        "The bearer of this message is trusted",
        "Bearer authentication",  // a 14-character word, not a token
        "AIzaShort",
        "ghp_tooshort",
        "see https://github.com/openai/codex/issues/1234 for details",
        "sk-or-\u2026a1b2c3d4",  // a fingerprint is safe to print
    };
    for (const std::string& text : untouched)
        EXPECT_EQ(redactor.redact(text), text);
}

TEST(Redactor, ReplacesKnownValuesAnywhereLongestFirst) {
    Redactor redactor;
    EXPECT_TRUE(redactor.add_value("hunter2-corporate"));
    EXPECT_TRUE(redactor.add_secret(Secret(std::string_view{"hunter2-corporate-vpn"})));
    EXPECT_EQ(redactor.redact("pw=hunter2-corporate-vpn;old=hunter2-corporate;"),
              "pw=***;old=***;");
    EXPECT_EQ(redactor.redact("xxhunter2-corporatexx"), "xx***xx");
    EXPECT_EQ(redactor.secrets().size(), 2u);
}

TEST(Redactor, IgnoresShortAndDuplicateValues) {
    Redactor redactor;
    EXPECT_FALSE(redactor.add_value("dev"));
    EXPECT_FALSE(redactor.add_value("1234567"));  // 7 < k_min_secret_length
    EXPECT_TRUE(redactor.add_value("12345678"));
    EXPECT_FALSE(redactor.add_value("12345678"));
    EXPECT_EQ(redactor.redact("dev 1234567 12345678"), "dev 1234567 ***");
}

TEST(Redactor, AKeyThatRunsOnIsReplacedWhole) {
    const Redactor redactor;
    const std::string key = "sk-" + testing::fake_body(500, 3);
    EXPECT_EQ(redactor.redact("[" + key + "]"), "[***]");
}

}  // namespace
}  // namespace lifeline::secret
