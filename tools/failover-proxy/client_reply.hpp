#pragma once
// One request's answer on its way back to the client, over the connection's Responder: a
// whole answer, an error answer, or a stream. A stream's bytes are held back until the flow
// starts it (at the upstream's first content event), so an attempt that fails before then can
// still fail over and its bytes are dropped; after the start they are passed on as they come.
// Once the client has left (detach) nothing more is sent, but streamed bytes are still counted.

#include <cstddef>
#include <string>

#include <lifeline/translate/api.hpp>
#include <lifeline/translate/stream_decoder.hpp>

#include "responder.hpp"

namespace failover_proxy {

// The headers of a 200 stream for a client of `client` that reads `framing`: SSE, or a JSON
// array for a Gemini client that asked for one.
HeaderList stream_headers(lifeline::translate::Api client,
                          lifeline::translate::GeminiFraming framing);

class ClientReply {
  public:
    // `hold_limit`: more held bytes than this and the stream should start even without content.
    ClientReply(Responder& responder, size_t hold_limit)
        : m_responder(&responder), m_hold_limit(hold_limit) {}

    // The client has the response status (a stream started, or a whole answer sent): the
    // request can no longer fail over.
    bool committed() const { return m_committed; }
    // Stream bytes handed to the client so far (counted after detach too).
    size_t streamed_bytes() const { return m_streamed_bytes; }

    // The client went away: nothing more reaches it.
    void detach() { m_responder = nullptr; }

    // Holds stream bytes of an attempt that has not shown content yet.
    void hold(const std::string& bytes) { m_held += bytes; }
    // A new attempt: whatever the last one held never reaches the client.
    void drop_held() { m_held.clear(); }
    // More than the hold limit is held: a long preamble is not held forever.
    bool hold_full() const { return m_held.size() > m_hold_limit; }

    // Starts the 200 stream with `headers` and sends what was held. Commits.
    void start_stream(HeaderList headers);
    // Sends stream bytes (nothing for none).
    void send(std::string bytes);
    void end_stream();

    // The whole 2xx answer, a JSON body. Commits.
    void answer(std::string body);
    // An error answer before any output; commits nothing (the request is over).
    void error(int status, HeaderList headers, std::string body);

  private:
    Responder* m_responder;  // nullptr: the client left
    size_t m_hold_limit;
    std::string m_held;           // stream bytes not yet sent (before the first content)
    size_t m_streamed_bytes = 0;  // stream bytes handed to the client
    bool m_committed = false;
};

}  // namespace failover_proxy
