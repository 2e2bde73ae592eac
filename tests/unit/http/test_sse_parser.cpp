#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <lifeline/http/sse_parser.hpp>

namespace lifeline::http {
namespace {

// Collects every event a parser dispatches.
struct Collector {
    std::vector<SseEvent> events;
    SseParser parser{[this](const SseEvent& event) { events.push_back(event); }};

    Status feed_all(const std::vector<std::string_view>& chunks) {
        for (std::string_view chunk : chunks) {
            Status status = parser.feed(chunk);
            if (!status)
                return status;
        }
        return {};
    }
};

bool same_events(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id ||
            a[i].retry != b[i].retry)
            return false;
    }
    return true;
}

// An OpenAI chat-completions stream as the API sends it, ending in [DONE].
const std::string k_openai_stream =
    "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
    "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
    "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
    "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}\n\n"
    "data: [DONE]\n\n";

// An Anthropic Messages stream: named events, a ping, and OpenRouter-style comments; plus
// every field rule (id, retry, multi-line data, no-colon field, unknown field).
const std::string k_mixed_stream =
    ": OPENROUTER PROCESSING\n"
    "\n"
    "event: message_start\n"
    "id: 1\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"role\":\"assistant\","
    "\"model\":\"claude-sonnet-4-6\",\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n"
    "\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n"
    "\n"
    "retry: 3000\n"
    "data: first line\n"
    "data:second line\n"
    "data:  two spaces\n"
    "data\n"
    "x-unknown: ignored\n"
    "\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n"
    "\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n"
    "\n";

std::string with_line_endings(const std::string& text, const std::string& ending) {
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += ending;
        else
            out += c;
    }
    return out;
}

TEST(SseParser, OpenAiStreamYieldsOneMessagePerChunkAndDoneMarker) {
    Collector c;
    ASSERT_TRUE(c.feed_all({k_openai_stream}));
    ASSERT_EQ(c.events.size(), 4u);
    EXPECT_EQ(c.events[0].event, "message");
    EXPECT_NE(c.events[1].data.find("\"content\":\"Hello\""), std::string::npos);
    EXPECT_FALSE(is_done_marker(c.events[2].data));
    EXPECT_TRUE(is_done_marker(c.events[3].data));
    EXPECT_FALSE(c.parser.has_partial_event());
}

TEST(SseParser, FieldRulesFollowTheSpec) {
    Collector c;
    ASSERT_TRUE(c.feed_all({k_mixed_stream}));
    ASSERT_EQ(c.events.size(), 5u);
    EXPECT_EQ(c.events[0].event, "message_start");
    EXPECT_EQ(c.events[0].id, "1");
    EXPECT_EQ(c.events[1].event, "ping");
    // The id persists to later events; event type resets to "message" after a dispatch.
    EXPECT_EQ(c.events[2].id, "1");
    EXPECT_EQ(c.events[2].event, "message");
    // One leading space stripped (only one), a colon-less "data" adds an empty line.
    EXPECT_EQ(c.events[2].data, "first line\nsecond line\n two spaces\n");
    EXPECT_EQ(c.events[2].retry, Duration(3000));
    EXPECT_EQ(c.events[3].retry, std::nullopt);
    EXPECT_EQ(c.parser.retry(), Duration(3000));
    EXPECT_EQ(c.events[4].event, "message_stop");
}

TEST(SseParser, CrLfAndCrLineEndingsGiveTheSameEvents) {
    Collector lf;
    ASSERT_TRUE(lf.feed_all({k_mixed_stream}));
    for (const std::string ending : {"\r\n", "\r"}) {
        Collector other;
        ASSERT_TRUE(other.feed_all({with_line_endings(k_mixed_stream, ending)}));
        EXPECT_TRUE(same_events(lf.events, other.events)) << "ending size " << ending.size();
    }
}

TEST(SseParser, EverySplitPointGivesIdenticalEvents) {
    for (const std::string& base : {k_openai_stream, k_mixed_stream}) {
        for (const std::string ending : {"\n", "\r\n", "\r"}) {
            const std::string stream = "\xEF\xBB\xBF" + with_line_endings(base, ending);
            Collector whole;
            ASSERT_TRUE(whole.feed_all({stream}));
            ASSERT_GE(whole.events.size(), 4u);
            for (size_t cut = 0; cut <= stream.size(); ++cut) {
                Collector split;
                std::string_view view(stream);
                ASSERT_TRUE(split.feed_all({view.substr(0, cut), view.substr(cut)}));
                ASSERT_TRUE(same_events(whole.events, split.events))
                    << "cut at " << cut << " with ending size " << ending.size();
                EXPECT_FALSE(split.parser.has_partial_event());
            }
            Collector bytes;
            for (char byte : stream)
                ASSERT_TRUE(bytes.parser.feed(std::string_view(&byte, 1)));
            EXPECT_TRUE(same_events(whole.events, bytes.events));
        }
    }
}

TEST(SseParser, CrAtChunkEndAndLfAtNextStartAreOneLineBreak) {
    Collector c;
    ASSERT_TRUE(c.feed_all({"data: a\r", "\ndata: b\r", "\n\r", "\n"}));
    ASSERT_EQ(c.events.size(), 1u);
    // Had the CR/LF pairs counted twice, "a" would have been dispatched alone.
    EXPECT_EQ(c.events[0].data, "a\nb");
}

TEST(SseParser, LeadingBomIsDroppedOnlyOnce) {
    Collector c;
    ASSERT_TRUE(c.feed_all({"\xEF", "\xBB",
                            "\xBF"
                            "data: x\n\n"}));
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].data, "x");

    // A second BOM belongs to the first field name, which then is not "data".
    Collector twice;
    ASSERT_TRUE(
        twice.feed_all({"\xEF\xBB\xBF\xEF\xBB\xBF"
                        "data: x\n\ndata: y\n\n"}));
    ASSERT_EQ(twice.events.size(), 1u);
    EXPECT_EQ(twice.events[0].data, "y");
}

TEST(SseParser, BlocksWithoutDataDispatchNothing) {
    Collector c;
    ASSERT_TRUE(c.feed_all({"event: ping\n\nid: 7\n\n: keep-alive\n\ndata\n\n"}));
    // Only the colon-less "data" line makes an event: with empty data, type "message".
    ASSERT_EQ(c.events.size(), 1u);
    EXPECT_EQ(c.events[0].event, "message");
    EXPECT_EQ(c.events[0].data, "");
    EXPECT_EQ(c.events[0].id, "7");
}

TEST(SseParser, InvalidIdAndRetryValuesAreIgnored) {
    static constexpr char k_nul_id[] = "id: bad\0id\nretry: 250\ndata: b\n\n";
    Collector c;
    ASSERT_TRUE(c.feed_all(
        {"id: 5\nretry: 1.5s\ndata: a\n\n", std::string_view(k_nul_id, sizeof(k_nul_id) - 1)}));
    ASSERT_EQ(c.events.size(), 2u);
    EXPECT_EQ(c.events[0].retry, std::nullopt);
    EXPECT_EQ(c.events[1].id, "5");  // an id containing NUL does not replace the last id
    EXPECT_EQ(c.events[1].retry, Duration(250));
    EXPECT_EQ(c.parser.last_event_id(), "5");
}

TEST(SseParser, StreamCutMidEventIsReportedAsPartial) {
    Collector line_cut;
    ASSERT_TRUE(line_cut.feed_all({"data: {\"type\":\"message_start\"}\n\ndata: {\"ty"}));
    EXPECT_EQ(line_cut.events.size(), 1u);
    EXPECT_TRUE(line_cut.parser.has_partial_event());

    Collector block_cut;
    ASSERT_TRUE(block_cut.feed_all({"event: content_block_delta\ndata: {}\n"}));
    EXPECT_TRUE(block_cut.events.empty());  // no blank line yet: never dispatched
    EXPECT_TRUE(block_cut.parser.has_partial_event());
    ASSERT_TRUE(block_cut.parser.feed("\n"));
    EXPECT_EQ(block_cut.events.size(), 1u);
    EXPECT_FALSE(block_cut.parser.has_partial_event());

    Collector keep_alive;
    ASSERT_TRUE(keep_alive.feed_all({": ping\n"}));
    EXPECT_FALSE(keep_alive.parser.has_partial_event());
}

TEST(SseParser, OversizedEventFailsInsteadOfGrowing) {
    std::vector<SseEvent> events;
    SseParser parser([&](const SseEvent& event) { events.push_back(event); }, 64);
    ASSERT_TRUE(parser.feed("data: small\n\n"));
    Status grown =
        parser.feed("data: " + std::string(40, 'a') + "\ndata: " + std::string(40, 'b') + "\n");
    ASSERT_FALSE(grown);
    EXPECT_EQ(grown.error().code, ErrorCode::parse);
    EXPECT_NE(grown.error().message.find("64"), std::string::npos);
    // The parser stays failed: later input is refused, not half-parsed.
    EXPECT_FALSE(parser.feed("\n\ndata: more\n\n"));
    EXPECT_EQ(events.size(), 1u);

    SseParser endless([](const SseEvent&) {}, 64);
    EXPECT_TRUE(endless.feed(std::string(60, 'x')));
    EXPECT_FALSE(endless.feed(std::string(10, 'x')));  // one line that never ends
}

TEST(SseParser, LimitIsTheSameWhereverTheChunksSplit) {
    // A data line that straddled two chunks was counted twice (as the pending line and as data)
    // and failed an event half the limit's size (tests/fuzz/regressions/sse_parser/).
    const std::string stream = "data: " + std::string(40, 'a') + "\n\n";
    for (size_t split = 1; split < stream.size(); ++split) {
        std::vector<SseEvent> events;
        SseParser parser([&](const SseEvent& event) { events.push_back(event); }, 64);
        ASSERT_TRUE(parser.feed(stream.substr(0, split))) << "split at " << split;
        ASSERT_TRUE(parser.feed(stream.substr(split))) << "split at " << split;
        ASSERT_EQ(events.size(), 1u) << "split at " << split;
        EXPECT_EQ(events[0].data, std::string(40, 'a'));
    }
}

TEST(SseParser, DoneMarkerIsExact) {
    EXPECT_TRUE(is_done_marker("[DONE]"));
    EXPECT_TRUE(is_done_marker(" [DONE] "));
    EXPECT_FALSE(is_done_marker("[done]"));
    EXPECT_FALSE(is_done_marker("{\"text\":\"[DONE]\"}"));
    EXPECT_FALSE(is_done_marker(""));
}

}  // namespace
}  // namespace lifeline::http
