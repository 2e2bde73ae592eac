#pragma once
// Classifies a provider's HTTP answer (status, headers, body) into a FailureClass with the
// provider's code, message and wait hint. Knows OpenAI, Azure OpenAI, Anthropic, Gemini and
// OpenRouter error shapes; anything else is classified by status.

#include <string_view>

#include <lifeline/classify/classification.hpp>
#include <lifeline/util/headers.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline {

// What the classifier needs from an HTTP answer. The body is not copied.
struct HttpSignal {
    int status = 0;
    Headers headers;
    std::string_view body;
};

// 2xx with a normal body -> success (failure_class nullopt). A 2xx whose JSON body is an error
// object (OpenRouter reports late upstream failures that way) is classified as that error.
// Non-JSON (HTML from a proxy) or empty bodies are classified by status. `now` turns HTTP-date
// and RFC 3339 hints into waits. Never throws.
Classification classify_http_response(const HttpSignal& signal, SystemTime now);

}  // namespace lifeline
