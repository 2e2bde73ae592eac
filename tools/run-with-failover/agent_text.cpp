#include "agent_text.hpp"

#include <regex>
#include <string>

#include <lifeline/classify/error_rules.hpp>
#include <lifeline/classify/provider_error.hpp>
#include <lifeline/classify/wait_hint.hpp>
#include <lifeline/util/strings.hpp>

namespace run_with_failover {

using lifeline::Classification;
using lifeline::FailureClass;

namespace {

struct Phrase {
    const char* text;  // lower case
    FailureClass failure_class;
};

// Most specific first: a content-filter stop is also a "stream disconnected" message, a
// per-minute Gemini quota is a rate limit even though it says "quota exceeded".
const Phrase k_phrases[] = {
    {"reason: content_filter", FailureClass::content_filtered},
    {"content_filter", FailureClass::content_filtered},
    {"limited access to this content for safety", FailureClass::content_filtered},
    {"flagged for possible", FailureClass::content_filtered},
    {"ran out of room in the model's context window", FailureClass::context_exceeded},
    {"context_length_exceeded", FailureClass::context_exceeded},
    {"context window exceeded", FailureClass::context_exceeded},
    {"prompt is too long", FailureClass::context_exceeded},
    {"maximum context length", FailureClass::context_exceeded},
    {"input token count exceeds", FailureClass::context_exceeded},
    {"exceeds the maximum number of tokens", FailureClass::context_exceeded},
    {"location is not supported", FailureClass::region_blocked},
    {"unsupported_country_region_territory", FailureClass::region_blocked},
    {"country, region, or territory not supported", FailureClass::region_blocked},
    {"not available in your country", FailureClass::region_blocked},
    {"not available in your region", FailureClass::region_blocked},
    {"invalid api key", FailureClass::auth},
    {"incorrect api key", FailureClass::auth},
    {"invalid_api_key", FailureClass::auth},
    {"invalid x-api-key", FailureClass::auth},
    {"api key not valid", FailureClass::auth},
    {"api_key_invalid", FailureClass::auth},
    {"authentication_error", FailureClass::auth},
    {"401 unauthorized", FailureClass::auth},
    {"please run /login", FailureClass::auth},
    {"per minute", FailureClass::rate_limited},
    {"perminute", FailureClass::rate_limited},
    {"insufficient_quota", FailureClass::quota_exhausted},
    {"exceeded your current quota", FailureClass::quota_exhausted},
    {"quota exceeded", FailureClass::quota_exhausted},
    {"credit balance is too low", FailureClass::quota_exhausted},
    {"usage limit", FailureClass::quota_exhausted},
    {"out of credits", FailureClass::quota_exhausted},
    {"spend cap", FailureClass::quota_exhausted},
    {"payment required", FailureClass::quota_exhausted},
    {"rate_limit", FailureClass::rate_limited},
    {"rate limit", FailureClass::rate_limited},
    {"too many requests", FailureClass::rate_limited},
    {"resource_exhausted", FailureClass::rate_limited},
    {"overloaded", FailureClass::overloaded},
    {"at capacity", FailureClass::overloaded},
    {"high demand", FailureClass::overloaded},
    {"server is busy", FailureClass::overloaded},
    {"high load", FailureClass::overloaded},
    {"service unavailable", FailureClass::overloaded},
    {"internal server error", FailureClass::server_error},
    {"bad gateway", FailureClass::server_error},
    {"gateway timeout", FailureClass::server_error},
    {"stream disconnected before completion", FailureClass::stream_broken},
    {"stream closed before", FailureClass::stream_broken},
    {"model_not_found", FailureClass::model_not_found},
    {"model not found", FailureClass::model_not_found},
    {"not_found_error", FailureClass::model_not_found},
    {"permission_denied", FailureClass::permission},
    {"permission_error", FailureClass::permission},
    {"403 forbidden", FailureClass::permission},
    {"request timed out", FailureClass::timeout},
    {"deadline_exceeded", FailureClass::timeout},
    {"certificate verify failed", FailureClass::tls},
    {"tls handshake", FailureClass::tls},
    {"connection error", FailureClass::network},
    {"connection refused", FailureClass::network},
    {"econnrefused", FailureClass::network},
    {"econnreset", FailureClass::network},
    {"enotfound", FailureClass::network},
    {"error sending request", FailureClass::network},
    {"dns error", FailureClass::network},
    {"fetch failed", FailureClass::network},
};

// "last status: 429", "unexpected status 401", "API Error: 529", "status code 503",
// "Error code: 500" (the OpenAI Python SDK),
// "HTTP 500", "[API Error: ... (Status: 429)" -> the number.
const std::regex& status_pattern() {
    static const std::regex pattern(
        R"((?:last status:?|unexpected status|api error:?|error code:?|status(?: code)?[:=]?|http(?:/[0-9.]+)?)\s*\(?(\d{3})\b)",
        std::regex::ECMAScript | std::regex::icase);
    return pattern;
}

std::optional<FailureClass> phrase_class(const std::string& lower) {
    for (const Phrase& phrase : k_phrases) {
        if (lower.find(phrase.text) != std::string::npos)
            return phrase.failure_class;
    }
    return std::nullopt;
}

// The line of `text` around `pos`, one-lined, for the trail.
std::string line_at(std::string_view text, size_t pos) {
    const size_t begin = text.rfind('\n', pos);
    const size_t end = text.find('\n', pos);
    const size_t from = begin == std::string_view::npos ? 0 : begin + 1;
    return lifeline::one_line_message(
        text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
}

void add_wait_hint(Classification& classification, std::string_view text) {
    if (classification.failure_class && lifeline::is_transient(*classification.failure_class) &&
        !classification.wait_hint) {
        classification.wait_hint = lifeline::parse_try_again_text(text);
    }
}

}  // namespace

std::optional<Classification> classify_agent_text(std::string_view text, lifeline::SystemTime) {
    if (text.empty())
        return std::nullopt;
    const std::string owned(text);
    int status = 0;
    size_t status_pos = 0;
    std::smatch match;
    if (std::regex_search(owned, match, status_pattern())) {
        const int number = std::stoi(match[1].str());
        if (number >= 400 && number <= 599) {
            status = number;
            status_pos = static_cast<size_t>(match.position(0));
        }
    }
    // A provider body printed after the status ("API Error: 529 {"type":"error",...}"): the
    // shared provider rules know it best.
    if (status != 0) {
        const size_t brace = owned.find('{', status_pos);
        const size_t line_end = owned.find('\n', status_pos);
        if (brace != std::string::npos && (line_end == std::string::npos || brace < line_end)) {
            const std::string_view body = std::string_view(owned).substr(
                brace, line_end == std::string::npos ? std::string_view::npos : line_end - brace);
            if (auto error = lifeline::parse_provider_error(body)) {
                Classification result = lifeline::classify_provider_error(status, *error);
                add_wait_hint(result, text);
                return result;
            }
        }
    }
    const std::string lower = lifeline::to_lower(owned);
    if (auto failure_class = phrase_class(lower)) {
        Classification result;
        result.failure_class = failure_class;
        for (const Phrase& phrase : k_phrases) {
            if (phrase.failure_class == *failure_class) {
                if (const size_t at = lower.find(phrase.text); at != std::string::npos) {
                    result.message = line_at(text, at);
                    result.reason = std::string("agent output: \"") + phrase.text + "\"";
                    break;
                }
            }
        }
        add_wait_hint(result, text);
        return result;
    }
    if (status != 0) {
        if (auto result = lifeline::classify_status(status, line_at(text, status_pos))) {
            add_wait_hint(*result, text);
            return result;
        }
    }
    return std::nullopt;
}

std::optional<Classification> match_user_patterns(
    const std::vector<lifeline::config::ClassifyPattern>& patterns, std::string_view agent,
    std::string_view text) {
    const std::string owned(text);
    for (const lifeline::config::ClassifyPattern& pattern : patterns) {
        if (!pattern.agent.empty() && pattern.agent != agent)
            continue;
        try {
            const std::regex regex(pattern.pattern, std::regex::ECMAScript);
            std::smatch match;
            if (!std::regex_search(owned, match, regex))
                continue;
            Classification result;
            result.failure_class = pattern.failure_class;
            result.message = line_at(text, static_cast<size_t>(match.position(0)));
            result.reason = "classify pattern \"" + pattern.pattern + "\"";
            add_wait_hint(result, text);
            return result;
        } catch (const std::regex_error&) {
            continue;  // the loader rejects bad patterns; never let one break a run
        }
    }
    return std::nullopt;
}

}  // namespace run_with_failover
