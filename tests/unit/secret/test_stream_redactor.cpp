#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/secret/redactor.hpp>

#include "fake_keys.hpp"

namespace lifeline::secret {
namespace {

// Feeds `text` split at the given positions and returns everything the stream emitted.
std::string stream_through(const Redactor& redactor, const std::string& text,
                           const std::vector<size_t>& cuts, size_t* max_held = nullptr) {
    std::string emitted;
    StreamRedactor stream(redactor, [&](std::string_view bytes) { emitted.append(bytes); });
    size_t start = 0;
    for (size_t cut : cuts) {
        stream.write(std::string_view(text).substr(start, cut - start));
        if (max_held != nullptr)
            *max_held = std::max(*max_held, stream.held_back());
        start = cut;
    }
    stream.write(std::string_view(text).substr(start));
    stream.flush();
    return emitted;
}

Redactor redactor_with_known_value() {
    Redactor redactor;
    redactor.add_value("corp-vault-token-8f3e2a");
    return redactor;
}

std::string mixed_log() {
    using namespace lifeline::testing;
    return "codex: using key corp-vault-token-8f3e2a for azure\n"
           "POST https://openrouter.ai/api/v1/chat/completions\n"
           "Authorization: Bearer " +
           fake_openrouter_key() +
           "\n"
           "x-goog-api-key: " +
           fake_google_key() +
           "\n"
           "retrying with " +
           fake_anthropic_key() + " (sk-learn is not a key)\n";
}

TEST(StreamRedactor, EverySingleSplitPointGivesTheWholeTextResult) {
    const Redactor redactor = redactor_with_known_value();
    const std::string text = mixed_log();
    const std::string expected = redactor.redact(text);
    ASSERT_EQ(expected.find("8f3e2a"), std::string::npos);
    ASSERT_NE(expected.find("Authorization: Bearer ***\n"), std::string::npos);
    ASSERT_NE(expected.find("(sk-learn is not a key)"), std::string::npos);
    for (size_t cut = 0; cut <= text.size(); ++cut) {
        const std::string got = stream_through(redactor, text, {cut});
        ASSERT_TRUE(got == expected) << "split at byte " << cut;
    }
}

TEST(StreamRedactor, AKnownValueSplitAtEveryPairOfPoints) {
    const Redactor redactor = redactor_with_known_value();
    const std::string text = "a=corp-vault-token-8f3e2a;b=corp-vault-token-8f3e2";
    const std::string expected = "a=***;b=corp-vault-token-8f3e2";
    for (size_t first = 0; first <= text.size(); ++first) {
        for (size_t second = first; second <= text.size(); ++second)
            ASSERT_EQ(stream_through(redactor, text, {first, second}), expected)
                << "splits at " << first << " and " << second;
    }
}

TEST(StreamRedactor, ByteByByteFeedingMatchesAndHoldsBackLittle) {
    const Redactor redactor = redactor_with_known_value();
    const std::string text = mixed_log();
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); ++i)
        cuts.push_back(i);
    size_t max_held = 0;
    EXPECT_TRUE(stream_through(redactor, text, cuts, &max_held) == redactor.redact(text));
    EXPECT_LE(max_held, redactor.max_hold_back());
}

TEST(StreamRedactor, PassesOrdinaryOutputThroughUnchanged) {
    const Redactor redactor = redactor_with_known_value();
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "test " + std::to_string(i) + " passed: sk-" + std::to_string(i) + " \t\xc3\xa9\n";
    std::vector<size_t> cuts;
    for (size_t i = 7; i < text.size(); i += 13)
        cuts.push_back(i);
    EXPECT_EQ(stream_through(redactor, text, cuts), text);
}

TEST(StreamRedactor, AnEndlessTokenNeverGrowsTheHeldBackTail) {
    const Redactor redactor;
    std::string emitted;
    StreamRedactor stream(redactor, [&](std::string_view bytes) { emitted.append(bytes); });
    stream.write("key: sk-");
    for (int i = 0; i < 100; ++i) {
        stream.write(testing::fake_body(100, static_cast<unsigned>(i)));
        ASSERT_LE(stream.held_back(), redactor.max_hold_back());
    }
    stream.write(" done\n");
    stream.flush();
    EXPECT_EQ(emitted, "key: *** done\n");
}

TEST(StreamRedactor, KeysAfterLongRunsOfOtherBytesAreStillFound) {
    // Runs of bytes that cannot begin a key are copied whole; what follows them is still read,
    // whatever the chunk boundaries and however the key's first letter is cased.
    const Redactor redactor = redactor_with_known_value();
    const std::string filler(300'000, ' ');
    const std::string text = filler + "bearer " + testing::fake_body(20, 5) + "\n" + filler +
                             "corp-vault-token-8f3e2a" + filler + "\x01sk-" +
                             testing::fake_body(40, 6);
    const std::string expected = filler + "bearer ***\n" + filler + "***" + filler + "\x01***";
    EXPECT_EQ(stream_through(redactor, text, {}), expected);
    EXPECT_EQ(stream_through(redactor, text, {65'536, 300'003, 600'010, 600'020, 900'040}),
              expected);
}

TEST(StreamRedactor, FlushDecidesAnUnfinishedTail) {
    Redactor redactor = redactor_with_known_value();
    std::string emitted;
    StreamRedactor stream(redactor, [&](std::string_view bytes) { emitted.append(bytes); });
    stream.write("ends with corp-vault");
    EXPECT_GT(stream.held_back(), 0u);
    stream.flush();
    EXPECT_EQ(emitted, "ends with corp-vault");
    stream.write("Bearer " + testing::fake_body(20, 4));
    stream.flush();
    EXPECT_EQ(emitted, "ends with corp-vaultBearer ***");
}

}  // namespace
}  // namespace lifeline::secret
