// Every (upstream stream, client API) pair through StreamTranslator: the client's bytes, read
// back with that client API's own decoder, mean what the upstream said; and every byte split
// of the upstream stream gives the same client bytes.

#include <gtest/gtest.h>

#include "stream_test_support.hpp"

namespace lifeline::translate {
namespace {

using namespace testing;

TEST(StreamTranslator, EveryPairCarriesTextCallsReasoningAndUsage) {
    for (const StreamFixture& f : k_stream_fixtures) {
        for (Api client : k_all_apis) {
            std::string where = std::string(f.file) + " -> " + to_string(client);
            StreamTranslatorOptions options;
            options.upstream_framing = f.framing;
            std::string bytes = translate_stream(f.api, client, {fixture(f.file)}, options);
            Decoded read_back = decode_stream(client, GeminiFraming::sse, bytes);
            ASSERT_TRUE(read_back.status.ok())
                << where << ": " << read_back.status.error().message << "\n"
                << bytes;
            EXPECT_TRUE(read_back.complete) << where;
            Folded folded = fold(read_back.events);
            Gist g = gist(folded.response);
            EXPECT_EQ(g.text, "Hello, world") << where;
            EXPECT_EQ(g.reasoning, "Plan: read.") << where;
            if (f.api != Api::chat && client != Api::chat) {
                EXPECT_EQ(g.vendor, native_vendor(f.api)) << where;
                EXPECT_EQ(g.signature, "SIG-" + std::string(to_string(native_vendor(f.api))))
                    << where;
            }
            ASSERT_EQ(g.calls.size(), 2u) << where;
            EXPECT_EQ(json_of(g.calls[1].arguments)["path"], "b") << where;
            Gist upstream =
                gist(fold(decode_stream(f.api, f.framing, fixture(f.file)).events).response);
            EXPECT_EQ(g.calls[0].id, upstream.calls[0].id) << where;
            EXPECT_EQ(folded.response.stop_reason, StopReason::tool_use) << where;
            const Usage& usage = folded.response.usage;
            EXPECT_EQ(usage.input_tokens, 1000) << where;
            EXPECT_EQ(usage.output_tokens, 50) << where;
            EXPECT_EQ(usage.cached_input_tokens, 600) << where;
            if (f.api != Api::messages && client != Api::messages) {
                EXPECT_EQ(usage.reasoning_tokens, 10) << where;
            }
        }
    }
}

TEST(StreamTranslator, EveryByteSplitGivesTheSameClientBytes) {
    for (const StreamFixture& f : k_stream_fixtures) {
        std::string bytes = fixture(f.file);
        StreamTranslatorOptions options;
        options.upstream_framing = f.framing;
        std::string whole[4];
        for (Api client : k_all_apis)
            whole[static_cast<int>(client)] = translate_stream(f.api, client, {bytes}, options);
        // Every offset, each for one client in turn (the decoders are split-tested at every
        // offset on their own; this keeps the run short under the sanitizers).
        for (size_t cut = 0; cut <= bytes.size(); ++cut) {
            Api client = k_all_apis[cut % 4];
            std::string split =
                translate_stream(f.api, client, {bytes.substr(0, cut), bytes.substr(cut)}, options);
            ASSERT_EQ(split, whole[static_cast<int>(client)])
                << f.file << " -> " << to_string(client) << " cut " << cut;
        }
    }
}

TEST(StreamTranslator, CutUpstreamEndsTheClientStreamWithAnError) {
    for (const StreamFixture& f : k_stream_fixtures) {
        std::string bytes = fixture(f.file);
        for (Api client : k_all_apis) {
            StreamTranslatorOptions options;
            options.upstream_framing = f.framing;
            StreamTranslator translator(f.api, client, options);
            std::string out;
            ASSERT_TRUE(translator.feed(bytes.substr(0, bytes.size() / 2), out).ok());
            EXPECT_TRUE(translator.output_started()) << f.file;
            EXPECT_FALSE(translator.finish(out));
            Folded folded = fold(decode_stream(client, GeminiFraming::sse, out).events);
            ASSERT_TRUE(folded.error.has_value()) << f.file << " -> " << to_string(client) << out;
            EXPECT_FALSE(folded.ended) << "never a clean end";
        }
    }
}

TEST(StreamTranslator, MalformedUpstreamEventEndsTheClientStreamWithAnError) {
    StreamTranslator translator(Api::messages, Api::responses);
    std::string out;
    std::string bytes = fixture("messages_stream.sse");
    ASSERT_TRUE(translator.feed(bytes.substr(0, bytes.find("\n\n", 900) + 2), out).ok());
    Status status = translator.feed("event: content_block_delta\ndata: {oops}\n\n", out);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "content_block_delta: data is not a JSON object");
    EXPECT_NE(out.find("event: response.failed"), std::string::npos);
    EXPECT_TRUE(translator.ended());
}

// The upstream saw apply_patch as a function with one string; a Responses client gets a
// custom_tool_call with the patch intact, in the deltas and in output_item.done.
TEST(StreamTranslator, CustomToolCallsComeBackWhole) {
    const std::string patch = "*** Begin Patch\n*** Add File: \"x\".txt\n+\ttab\n*** End Patch\n";
    std::string arguments = nlohmann::json{{"input", patch}}.dump();
    std::vector<StreamEvent> events = {
        message_start_event("id_1", "m"),
        block_start_event(0, BlockKind::tool_call, "call_9", "apply_patch"),
        delta_event(StreamEventType::arguments_delta, 0, arguments.substr(0, 7)),
        delta_event(StreamEventType::arguments_delta, 0, arguments.substr(7)),
        block_stop_event(0),
        message_end_event(StopReason::tool_use, {})};
    for (Api upstream : {Api::chat, Api::messages, Api::gemini}) {
        std::unique_ptr<StreamEncoder> producer = make_stream_encoder(upstream);
        std::string upstream_bytes;
        for (const StreamEvent& event : events)
            producer->encode(event, upstream_bytes);
        StreamTranslatorOptions options;
        options.custom_tool_names = {"apply_patch"};
        std::string out = translate_stream(upstream, Api::responses, {upstream_bytes}, options);
        Folded folded = fold(decode_stream(Api::responses, GeminiFraming::sse, out).events);
        ASSERT_EQ(folded.response.output.size(), 1u) << to_string(upstream);
        EXPECT_EQ(folded.response.output[0].tool_call.kind, ToolKind::custom);
        EXPECT_EQ(folded.response.output[0].tool_call.arguments, patch) << to_string(upstream);
        EXPECT_NE(out.find("response.custom_tool_call_input.delta"), std::string::npos);
        EXPECT_NE(out.find("\"type\":\"custom_tool_call\""), std::string::npos);
    }
}

// Plain streaming text for every pair: upstream bytes made by that API's encoder.
TEST(StreamTranslator, StreamingTextForEveryPair) {
    std::vector<StreamEvent> events = {message_start_event("id_7", "m"),
                                       block_start_event(0, BlockKind::text),
                                       delta_event(StreamEventType::text_delta, 0, "Hel"),
                                       delta_event(StreamEventType::text_delta, 0, "lo \"q\"\n"),
                                       block_stop_event(0),
                                       message_end_event(StopReason::end_turn, {10, 2, 0, 0, 0})};
    for (Api upstream : k_all_apis) {
        std::unique_ptr<StreamEncoder> producer = make_stream_encoder(upstream);
        std::string upstream_bytes;
        for (const StreamEvent& event : events)
            producer->encode(event, upstream_bytes);
        for (Api client : k_all_apis) {
            std::string out = translate_stream(upstream, client, {upstream_bytes});
            Decoded read_back = decode_stream(client, GeminiFraming::sse, out);
            ASSERT_TRUE(read_back.complete) << to_string(upstream) << "->" << to_string(client);
            Folded folded = fold(read_back.events);
            EXPECT_EQ(gist(folded.response).text, "Hello \"q\"\n");
            EXPECT_EQ(folded.response.stop_reason, StopReason::end_turn);
            EXPECT_EQ(folded.response.usage.input_tokens, 10);
            EXPECT_EQ(folded.response.usage.output_tokens, 2);
        }
    }
}

}  // namespace
}  // namespace lifeline::translate
