#include <concepts>
#include <ostream>
#include <regex>
#include <string>
#include <string_view>
#include <type_traits>

#include <gtest/gtest.h>

#include <lifeline/secret/secret.hpp>

#include "fake_keys.hpp"

namespace lifeline::secret {
namespace {

template <typename T>
concept OstreamInsertable = requires(std::ostream& os, const T& value) {
    os << value;
};

// The whole point of the type: these must never compile.
static_assert(!OstreamInsertable<Secret>, "a Secret must not be printable");
static_assert(!std::is_convertible_v<Secret, std::string>);
static_assert(!std::is_convertible_v<Secret, std::string_view>);
static_assert(!std::is_convertible_v<Secret, const char*>);
static_assert(!std::is_convertible_v<std::string, Secret>, "construction must be explicit");
static_assert(OstreamInsertable<std::string>, "the concept itself must work");

TEST(Secret, RevealIsTheOnlyWayToTheValue) {
    const std::string key = testing::fake_openrouter_key();
    const Secret secret(std::string_view{key});
    EXPECT_EQ(secret.reveal(), key);
    EXPECT_EQ(secret.size(), key.size());
    EXPECT_FALSE(secret.empty());
    EXPECT_TRUE(Secret().empty());
}

TEST(Secret, FingerprintShowsAShortPrefixAndEightHexDigits) {
    const Secret secret(std::string_view{testing::fake_openrouter_key()});
    const std::string fingerprint = secret.fingerprint();
    EXPECT_TRUE(std::regex_match(fingerprint, std::regex("sk-or-\u2026[0-9a-f]{8}")))
        << "unexpected fingerprint format";
    // Stable for the same value, different for another.
    EXPECT_EQ(fingerprint, Secret(std::string_view{testing::fake_openrouter_key()}).fingerprint());
    EXPECT_NE(fingerprint, Secret(std::string_view{testing::fake_anthropic_key()}).fingerprint());
    EXPECT_EQ(fingerprint.find(std::string(secret.reveal().substr(0, 8))), std::string::npos);
}

TEST(Secret, FingerprintOfAShortValueShowsAtMostAQuarterOfIt) {
    const Secret secret(std::string_view{"hunter2-pass"});  // 12 chars: 3 shown
    EXPECT_TRUE(std::regex_match(secret.fingerprint(), std::regex("hun\u2026[0-9a-f]{8}")));
    EXPECT_EQ(Secret().fingerprint(), "(empty)");
}

TEST(Secret, MoveLeavesTheSourceEmptyAndEqualityComparesValues) {
    std::string raw = "local-token-123456";
    Secret original(std::move(raw));
    EXPECT_TRUE(raw.empty());
    Secret copy = original;
    EXPECT_TRUE(copy == original);
    Secret moved = std::move(original);
    EXPECT_TRUE(original.empty());  // NOLINT(bugprone-use-after-move): the contract under test
    EXPECT_TRUE(moved == copy);
    EXPECT_FALSE(moved == Secret(std::string_view{"local-token-654321"}));
}

}  // namespace
}  // namespace lifeline::secret
