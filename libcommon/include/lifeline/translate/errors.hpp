#pragma once
// Upstream failures (already classified) rendered in the client API's own error shape, chosen
// so each agent does the right thing: one table per (client API, FailureClass) that
// failover-proxy uses as is. Highlights: context_exceeded is the client's own context-length
// error (so Codex and Claude Code compact); rate_limited keeps Retry-After and is a retryable
// 503 for Responses clients (Codex never retries a 429); overloaded is Anthropic's 529
// overloaded_error; auth is a 401 in shape.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/translate/api.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::translate {

// One row of the table: what a client of one API sees for one class.
struct ClientError {
    int status = 500;  // HTTP status before output started
    // OpenAI error.type / Anthropic error.type / Gemini error.status.
    std::string type;
    // OpenAI error.code ("" = null); unused by Anthropic and Gemini.
    std::string code;
    // The message: the upstream's, prefixed where the client matches on words (Anthropic
    // "prompt is too long", Gemini "input token count exceeds").
    std::string message;
};

// The row for (`client`, `failure_class`) carrying `message`. In-stream errors use the same
// row, except that transient classes for Anthropic clients become overloaded_error (which
// Claude Code retries) — `in_stream` selects that.
ClientError client_error(Api client, FailureClass failure_class, std::string_view message,
                         bool in_stream = false);

struct RenderedError {
    int status = 500;
    std::vector<std::pair<std::string, std::string>> headers;  // content-type, retry-after
    std::string body;
};

// The whole HTTP answer for a failure before any output: status, headers (Retry-After in
// whole seconds, rounded up, when `retry_after` is given and the class is transient) and
// the body in the client's error shape.
RenderedError render_error(Api client, FailureClass failure_class, std::string_view message,
                           std::optional<Duration> retry_after = std::nullopt);

}  // namespace lifeline::translate
