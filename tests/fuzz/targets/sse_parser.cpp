// The SSE parser and what reads its events: the stream fed in chunks of one size (the first
// byte) must give the same events as fed at once; every event goes through the in-stream error
// classifier and a StreamReader of one wire API (also the first byte).

#include <vector>

#include <lifeline/classify/stream_errors.hpp>
#include <lifeline/http/sse_parser.hpp>
#include <lifeline/provider/stream_reader.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {
namespace {

struct Seen {
    std::vector<http::SseEvent> events;
    bool failed = false;
    bool partial = false;
};

Seen parse_in_chunks(std::string_view stream, size_t chunk, size_t max_event_bytes) {
    Seen seen;
    http::SseParser parser([&](const http::SseEvent& event) { seen.events.push_back(event); },
                           max_event_bytes);
    for (size_t at = 0; at < stream.size() && !seen.failed; at += chunk)
        seen.failed = !parser.feed(stream.substr(at, chunk));
    seen.partial = parser.has_partial_event();
    return seen;
}

bool same_events(const std::vector<http::SseEvent>& a, const std::vector<http::SseEvent>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id ||
            a[i].retry != b[i].retry)
            return false;
    }
    return true;
}

}  // namespace

int fuzz_sse_parser(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const uint8_t selector = input.byte();
    const std::string_view stream = input.rest();
    // A small limit too, so the over-limit path is reached with small inputs.
    const size_t max_event_bytes =
        (selector & 0x80) ? 256 : http::SseParser::k_default_max_event_bytes;

    const Seen whole = parse_in_chunks(stream, stream.size() + 1, max_event_bytes);
    const Seen chunked = parse_in_chunks(stream, 1 + ((selector >> 2) & 0x1f), max_event_bytes);
    LIFELINE_FUZZ_CHECK(whole.failed == chunked.failed);
    if (!whole.failed) {
        LIFELINE_FUZZ_CHECK(same_events(whole.events, chunked.events));
        LIFELINE_FUZZ_CHECK(whole.partial == chunked.partial);
    }

    provider::StreamReader reader(static_cast<provider::WireApi>(selector & 0x3));
    for (const auto& event : whole.events) {
        (void)http::is_done_marker(event.data);
        (void)classify_stream_event(event.event, event.data, fuzz_now());
        (void)reader.consume(event, fuzz_now());
    }
    return 0;
}

}  // namespace lifeline::fuzz
