#pragma once
// The rules that map a provider error (plus the HTTP status, when there is one) to a
// FailureClass. Shared by the HTTP classifier and the stream-event classifier; pure functions.

#include <lifeline/classify/classification.hpp>
#include <lifeline/classify/provider_error.hpp>

namespace lifeline {

// Classifies a provider error. `http_status` is the response status, or 0 inside a 200 stream
// (then the error's own numeric code, if any, stands in for it). Always returns a failure;
// wait_hint is filled from the body only (RetryInfo, "try again in ..." text).
Classification classify_provider_error(int http_status, const ProviderError& error);

// Classifies by status alone, for bodies that are empty, HTML from a proxy, or unknown JSON.
// nullopt for 1xx/2xx/3xx (not a failure by status); `body_text` feeds the wording checks
// (export-control / region notices from gateways) and the message.
std::optional<Classification> classify_status(int http_status, std::string_view body_text);

}  // namespace lifeline
