#include <algorithm>

#include <gtest/gtest.h>

#include "stream_test_support.hpp"

namespace lifeline::translate {
namespace {

using namespace testing;

TEST(StreamDecoders, EveryFixtureDecodesToTheSameAnswer) {
    for (const StreamFixture& f : k_stream_fixtures) {
        Decoded decoded = decode_stream(f.api, f.framing, fixture(f.file));
        ASSERT_TRUE(decoded.status.ok()) << f.file << ": " << decoded.status.error().message;
        EXPECT_TRUE(decoded.complete) << f.file;
        Folded folded = fold(decoded.events);
        const Response& r = folded.response;
        Gist g = gist(r);
        EXPECT_EQ(g.reasoning, "Plan: read.") << f.file;
        if (f.api != Api::chat) {
            EXPECT_EQ(g.vendor, native_vendor(f.api)) << f.file;
            EXPECT_EQ(g.signature, "SIG-" + std::string(to_string(native_vendor(f.api))));
        }
        EXPECT_EQ(g.text, "Hello, world") << f.file;
        ASSERT_EQ(g.calls.size(), 2u) << f.file;
        EXPECT_EQ(g.calls[0].name, "read") << f.file;
        EXPECT_EQ(json_of(g.calls[0].arguments)["path"], "a") << f.file;
        EXPECT_EQ(json_of(g.calls[1].arguments)["path"], "b") << f.file;
        EXPECT_NE(g.calls[0].id, g.calls[1].id) << f.file;
        EXPECT_EQ(r.stop_reason, StopReason::tool_use) << f.file;
        EXPECT_EQ(r.usage, (Usage{1000, 50, 600, 0, f.api == Api::messages ? 0 : 10})) << f.file;
        EXPECT_FALSE(r.id.empty()) << f.file;
    }
}

TEST(StreamDecoders, EveryByteSplitGivesTheSameEvents) {
    for (const StreamFixture& f : k_stream_fixtures) {
        std::string bytes = fixture(f.file);
        std::vector<StreamEvent> whole = decode_stream(f.api, f.framing, bytes).events;
        for (size_t cut = 0; cut <= bytes.size(); ++cut) {
            Decoded split =
                decode_stream(f.api, f.framing, {bytes.substr(0, cut), bytes.substr(cut)});
            ASSERT_TRUE(split.complete) << f.file << " cut at " << cut;
            ASSERT_EQ(split.events, whole) << f.file << " cut at " << cut;
        }
        // And one byte at a time.
        std::vector<std::string> bytewise;
        for (char c : bytes)
            bytewise.emplace_back(1, c);
        EXPECT_EQ(decode_stream(f.api, f.framing, bytewise).events, whole) << f.file;
    }
}

// Every decoder on a thread parses into one shared document, so a stream whose events
// alternate with other streams' (a proxy holding many) must decode as it does alone.
TEST(StreamDecoders, StreamsFedInTurnOnOneThreadDecodeAsTheyDoAlone) {
    struct Open {
        std::unique_ptr<StreamDecoder> decoder;
        std::string bytes;
        Decoded decoded;
    };
    std::vector<Open> open;
    for (const StreamFixture& f : k_stream_fixtures)
        open.push_back({make_stream_decoder(f.api, f.framing), fixture(f.file), {}});
    // Ten bytes of each stream in turn, so one stream's event is often half read while the
    // others parse theirs.
    for (size_t at = 0;
         std::any_of(open.begin(), open.end(), [&](const Open& o) { return at < o.bytes.size(); });
         at += 10) {
        for (Open& o : open) {
            if (at < o.bytes.size()) {
                ASSERT_TRUE(o.decoder->feed(o.bytes.substr(at, 10), o.decoded.events).ok());
            }
        }
    }
    for (size_t i = 0; i < open.size(); ++i) {
        const StreamFixture& f = k_stream_fixtures[i];
        EXPECT_TRUE(open[i].decoder->finish(open[i].decoded.events)) << f.file;
        EXPECT_EQ(open[i].decoded.events, decode_stream(f.api, f.framing, open[i].bytes).events)
            << f.file;
    }
}

TEST(StreamDecoders, CutStreamsAreNotComplete) {
    for (const StreamFixture& f : k_stream_fixtures) {
        std::string bytes = fixture(f.file);
        Decoded cut = decode_stream(f.api, f.framing, bytes.substr(0, bytes.size() * 2 / 3));
        EXPECT_TRUE(cut.status.ok()) << f.file;
        EXPECT_FALSE(cut.complete) << f.file;
    }
}

struct Malformed {
    Api api;
    GeminiFraming framing;
    std::string bytes;
    std::string message;  // what the error must say
};

TEST(StreamDecoders, MalformedEventsAreClearErrors) {
    const Malformed cases[] = {
        {Api::responses, GeminiFraming::sse, "event: response.created\ndata: {not json\n\n",
         "response.created: data is not a JSON object"},
        {Api::responses, GeminiFraming::sse,
         "data: {\"type\":\"response.output_text.delta\",\"output_index\":3,\"delta\":\"x\"}\n\n",
         "response.output_text.delta: output_index 3 has no open item of that kind"},
        {Api::responses, GeminiFraming::sse,
         "data: {\"type\":\"response.output_item.added\",\"output_index\":0}\n\n",
         "response.output_item.added: item or output_index missing"},
        {Api::chat, GeminiFraming::sse, "data: [DONE]\n\n",
         "[DONE]: arrived before any finish_reason"},
        {Api::chat, GeminiFraming::sse,
         "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
         "{\"arguments\":\"{}\"}}]}}]}\n\n",
         "choices[0].delta.tool_calls[0]: a new tool call without a function name"},
        {Api::chat, GeminiFraming::sse,
         "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"function\":"
         "{\"name\":\"f\"}}]}}]}\n\ndata: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,"
         "\"function\":{\"arguments\":\"{}\"}}]}}]}\n\n",
         "tool call 0 continued after tool call 1 started"},
        {Api::messages, GeminiFraming::sse,
         "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":4,"
         "\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n",
         "content_block_delta: delta for index 4 without an open content block"},
        {Api::messages, GeminiFraming::sse, "event: message_start\ndata: []\n\n",
         "message_start: data is not a JSON object"},
        {Api::gemini, GeminiFraming::sse,
         "data: "
         "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}\n\n",
         "candidates[0].content.parts[0].functionCall: name missing"},
        {Api::gemini, GeminiFraming::json_array, "[{\"candidates\":[]}, x", "unexpected byte"},
    };
    for (const Malformed& c : cases) {
        Decoded decoded = decode_stream(c.api, c.framing, c.bytes);
        ASSERT_FALSE(decoded.status.ok()) << c.bytes;
        EXPECT_EQ(decoded.status.error().code, ErrorCode::parse);
        EXPECT_NE(decoded.status.error().message.find(c.message), std::string::npos)
            << decoded.status.error().message;
        // The decoder stays failed.
        std::unique_ptr<StreamDecoder> decoder = make_stream_decoder(c.api, c.framing);
        std::vector<StreamEvent> events;
        (void)decoder->feed(c.bytes, events);
        EXPECT_FALSE(decoder->feed("data: {}\n\n", events).ok());
    }
}

TEST(StreamDecoders, UpstreamErrorEventsAreClassified) {
    struct Case {
        Api api;
        std::string bytes;
        FailureClass expected;
    };
    const Case cases[] = {
        {Api::messages,
         "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
         "\"message\":\"Overloaded\"}}\n\n",
         FailureClass::overloaded},
        {Api::responses,
         "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"id\":\"r\","
         "\"status\":\"failed\",\"error\":{\"code\":\"context_length_exceeded\",\"message\":"
         "\"too long\"}}}\n\n",
         FailureClass::context_exceeded},
        {Api::chat,
         "data: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
         "\"code\":\"rate_limit_exceeded\"}}\n\n",
         FailureClass::rate_limited},
        {Api::gemini,
         "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
         "\"status\":\"UNAVAILABLE\"}}\n\n",
         FailureClass::overloaded},
    };
    for (const Case& c : cases) {
        Decoded decoded = decode_stream(c.api, GeminiFraming::sse, c.bytes);
        ASSERT_TRUE(decoded.status.ok()) << c.bytes;
        Folded folded = fold(decoded.events);
        ASSERT_TRUE(folded.error.has_value()) << c.bytes;
        EXPECT_EQ(*folded.error, c.expected) << c.bytes;
    }
}

}  // namespace
}  // namespace lifeline::translate
