#include <algorithm>
#include <array>
#include <initializer_list>
#include <vector>

#include <lifeline/classify/error_rules.hpp>
#include <lifeline/classify/wait_hint.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline {
namespace {

using Words = std::initializer_list<std::string_view>;

// Everything one rule may look at, flattened over the error and its upstream errors
// (OpenRouter metadata.raw, a gateway's JSON-in-message).
struct Evidence {
    int status = 0;
    std::vector<const ProviderError*> levels;
    std::string text;  // every message, lower-cased, joined by " | "

    bool has_code(Words ids) const {
        for (const ProviderError* level : levels) {
            for (const std::string* field : {&level->code, &level->type, &level->status,
                                             &level->inner_code, &level->info_reason}) {
                for (const std::string_view id : ids) {
                    if (!field->empty() && iequals(*field, id)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
    bool says(Words phrases) const { return says_any(phrases); }
    template <typename Phrases>
    bool says_any(const Phrases& phrases) const {
        for (const std::string_view phrase : phrases) {
            if (text.find(phrase) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
    bool status_is(std::initializer_list<int> statuses) const {
        for (const int s : statuses) {
            if (status == s) {
                return true;
            }
        }
        return false;
    }
};

struct Verdict {
    FailureClass failure_class;
    std::string why;
};

constexpr std::array<std::string_view, 10> k_region_words = {
    "country, region, or territory not supported",
    "location is not supported",
    "not available in your region",
    "not available in your country",
    "not supported in your region",
    "unavailable in your region",
    "region is not supported",
    "export control",
    "sanctions",
    "sanctioned"};

// Gemini's RESOURCE_EXHAUSTED covers both a per-minute rate limit and a spent daily/plan
// quota; only the latter makes waiting pointless.
Verdict gemini_resource_exhausted(const Evidence& e) {
    for (const ProviderError* level : e.levels) {
        for (const std::string& id : level->quota_ids) {
            if (icontains(id, "PerDay") || icontains(id, "per_day")) {
                return {FailureClass::quota_exhausted, "daily quota exhausted (" + id + ")"};
            }
        }
    }
    if (e.says({"limit: 0"})) {
        return {FailureClass::quota_exhausted, "quota is 0 on this plan (free tier not allowed)"};
    }
    for (const ProviderError* level : e.levels) {
        if (!level->quota_ids.empty()) {
            return {FailureClass::rate_limited,
                    "per-minute quota exceeded (" + level->quota_ids.front() + ")"};
        }
    }
    if (e.says({"per day", "daily", "check your plan and billing"})) {
        return {FailureClass::quota_exhausted, "daily or plan quota exhausted"};
    }
    return {FailureClass::rate_limited, "resource exhausted (rate limit)"};
}

// The predicates below are decide()'s rules, one per failure class; each looks only at the
// evidence, so their order in decide() is the whole precedence.

bool is_region_blocked(const Evidence& e) {
    return e.has_code({"unsupported_country_region_territory"}) || e.status == 451 ||
           e.says_any(k_region_words);
}

bool is_credential_rejected(const Evidence& e) {
    return e.status == 401 ||
           e.has_code({"invalid_api_key", "authentication_error", "UNAUTHENTICATED",
                       "API_KEY_INVALID", "invalid_authentication", "expired_api_key"}) ||
           e.says({"api key not valid", "invalid api key", "incorrect api key", "invalid x-api-key",
                   "invalid subscription key", "api key expired", "api key was reported as leaked",
                   "unregistered callers", "no auth credentials found"});
}

bool is_over_per_minute_token_limit(const Evidence& e) {
    return e.says({"request too large"}) && e.says({"per min"});
}

bool is_quota_exhausted(const Evidence& e) {
    return e.status == 402 ||
           e.has_code({"insufficient_quota", "billing_hard_limit_reached", "billing_not_active"}) ||
           e.says({"insufficient credits", "insufficient balance", "credit balance is too low",
                   "can only afford", "exceeded your current quota", "key limit exceeded"});
}

bool is_context_exceeded(const Evidence& e) {
    return e.status == 413 || e.has_code({"context_length_exceeded", "request_too_large"}) ||
           e.says({"prompt is too long", "maximum context length", "context length",
                   "context window", "exceeds the maximum number of tokens", "input is too long",
                   "reduce the length of the messages"});
}

bool is_content_filtered(const Evidence& e) {
    return e.has_code(
               {"content_filter", "content_policy_violation", "ResponsibleAIPolicyViolation"}) ||
           std::any_of(e.levels.begin(), e.levels.end(),
                       [](const ProviderError* level) { return level->flagged; }) ||
           e.says({"content management policy", "flagged as potentially violating",
                   "requires moderation", "input was flagged", "content filtering policy"});
}

bool is_model_not_found(const Evidence& e) {
    return e.status == 404 ||
           e.has_code({"model_not_found", "DeploymentNotFound", "NOT_FOUND", "not_found_error"}) ||
           e.says({"is not a valid model id", "model not found", "deployment not found"});
}

bool is_overloaded(const Evidence& e) {
    return e.status_is({503, 529}) ||
           e.has_code(
               {"overloaded_error", "UNAVAILABLE", "engine_overloaded", "server_overloaded"}) ||
           e.says({"overloaded", "at capacity", "no endpoints found", "no provider available",
                   "no available model provider", "high demand", "temporarily unavailable"});
}

bool is_rate_limited(const Evidence& e) {
    return e.status == 429 || e.has_code({"rate_limit_exceeded", "rate_limit_error"}) ||
           e.says({"rate limit", "rate-limited", "too many requests"});
}

bool is_timeout(const Evidence& e) {
    return e.status == 408 || e.has_code({"DEADLINE_EXCEEDED", "timeout"}) ||
           e.says({"timed out", "deadline exceeded"});
}

bool is_server_error(const Evidence& e) {
    return e.status_is({500, 502, 504}) ||
           e.has_code({"server_error", "api_error", "INTERNAL", "internal_error"}) ||
           e.says({"internal error", "internal server error"});
}

bool is_permission_denied(const Evidence& e) {
    return e.status == 403 || e.has_code({"permission_error", "PERMISSION_DENIED"});
}

// First match wins; each step looks at codes and wording first and at the status last, so a
// 429 that says "overloaded" or a 403 that says "location is not supported" lands right.
Verdict decide(const Evidence& e) {
    if (is_region_blocked(e)) {
        return {FailureClass::region_blocked, "blocked for this country/region"};
    }
    if (is_credential_rejected(e)) {
        return {FailureClass::auth, "credential rejected"};
    }
    if (e.has_code({"RESOURCE_EXHAUSTED"})) {
        return gemini_resource_exhausted(e);
    }
    if (is_over_per_minute_token_limit(e)) {
        return {FailureClass::quota_exhausted,
                "request is larger than the per-minute token limit; retrying cannot succeed"};
    }
    if (is_quota_exhausted(e)) {
        return {FailureClass::quota_exhausted, "quota or credits exhausted"};
    }
    if (is_context_exceeded(e)) {
        return {FailureClass::context_exceeded, "request does not fit the context window"};
    }
    if (is_content_filtered(e)) {
        return {FailureClass::content_filtered, "refused by the provider's content filter"};
    }
    if (is_model_not_found(e)) {
        return {FailureClass::model_not_found, "model or deployment not found"};
    }
    if (is_overloaded(e)) {
        return {FailureClass::overloaded, "provider overloaded or no capacity"};
    }
    if (is_rate_limited(e)) {
        return {FailureClass::rate_limited, "rate limited"};
    }
    if (is_timeout(e)) {
        return {FailureClass::timeout, "provider timed out"};
    }
    if (is_server_error(e)) {
        return {FailureClass::server_error, "provider-side error"};
    }
    if (is_permission_denied(e)) {
        return {FailureClass::permission, "not permitted for this key/project"};
    }
    if (e.status >= 500 || e.status == 0) {
        // Unknown errors mid-stream are provider-side far more often than caller-side.
        return {FailureClass::server_error, "provider-side error"};
    }
    return {FailureClass::bad_request, "request rejected"};
}

Evidence gather(int http_status, const ProviderError& error) {
    Evidence e;
    for (const ProviderError* level = &error; level; level = level->upstream.get()) {
        e.levels.push_back(level);
        for (const std::string* text : {&level->message, &level->upstream_text}) {
            if (!text->empty()) {
                e.text += to_lower(*text) + " | ";
            }
        }
    }
    e.status = http_status >= 400 ? http_status : 0;
    // Inside a 200 (stream or late error) the error's own code is the best status we have.
    for (size_t i = 0; e.status == 0 && i < e.levels.size(); ++i) {
        if (e.levels[i]->numeric_code >= 400 && e.levels[i]->numeric_code < 600) {
            e.status = e.levels[i]->numeric_code;
        }
    }
    return e;
}

// The deepest error usually names the real cause (OpenRouter's own message is generic).
std::string pick_message(const ProviderError& error) {
    const ProviderError* deepest = &error;
    while (deepest->upstream) {
        deepest = deepest->upstream.get();
    }
    std::string message = error.message;
    if (deepest != &error && !deepest->message.empty()) {
        message = deepest->message;
    } else if (!error.upstream_text.empty()) {
        message = error.upstream_text;
    }
    if (!error.upstream_provider.empty()) {
        message = error.upstream_provider + ": " + message;
    }
    return one_line_message(message);
}

std::string pick_code(const ProviderError& error) {
    std::string code;
    for (const ProviderError* level = &error; level; level = level->upstream.get()) {
        const std::string candidate = level->best_code();
        // "Too Many Requests" is a gateway's HTTP reason phrase, not an error id.
        if (!candidate.empty() && candidate.find(' ') == std::string::npos) {
            code = candidate;
        }
    }
    return code;
}

std::string describe_status(int status) {
    return status > 0 ? "HTTP " + std::to_string(status) : std::string("stream error");
}

// "HTTP 429", "HTTP 200 error body (code 502)", "stream error (code 503)".
std::string describe_origin(int http_status, int effective_status) {
    std::string out = describe_status(http_status);
    if (http_status > 0 && http_status < 400) {
        out += " error body";
    }
    if (effective_status != 0 && effective_status != http_status) {
        out += " (code " + std::to_string(effective_status) + ")";
    }
    return out;
}

// Bodies from proxies are HTML; their <title> is the only readable line.
std::string readable_text(std::string_view body) {
    const std::string lower = to_lower(body.substr(0, std::min<size_t>(body.size(), 64 * 1024)));
    const size_t open = lower.find("<title>");
    if (open != std::string::npos) {
        const size_t close = lower.find("</title>", open);
        if (close != std::string::npos) {
            return one_line_message(body.substr(open + 7, close - open - 7));
        }
    }
    return one_line_message(body);
}

}  // namespace

Classification classify_provider_error(int http_status, const ProviderError& error) {
    const Evidence evidence = gather(http_status, error);
    const Verdict verdict = decide(evidence);
    Classification out;
    out.failure_class = verdict.failure_class;
    out.provider_code = pick_code(error);
    out.message = pick_message(error);
    std::string reason = describe_origin(http_status, evidence.status);
    if (!out.provider_code.empty()) {
        reason += " " + out.provider_code;
    }
    out.reason = reason + ": " + verdict.why;
    if (is_transient(verdict.failure_class)) {
        std::optional<Duration> retry_delay;
        for (const ProviderError* level : evidence.levels) {
            retry_delay = retry_delay ? retry_delay : level->retry_delay;
        }
        out.wait_hint = retry_delay ? retry_delay : parse_try_again_text(evidence.text);
    }
    return out;
}

std::optional<Classification> classify_status(int http_status, std::string_view body_text) {
    if (http_status < 400) {
        return std::nullopt;
    }
    Classification out;
    out.message = readable_text(body_text);
    Evidence evidence;
    evidence.status = http_status;
    evidence.text = to_lower(out.message);
    Verdict verdict{FailureClass::bad_request, "request rejected"};
    if (http_status == 451 || evidence.says_any(k_region_words)) {
        verdict = {FailureClass::region_blocked, "blocked for this country/region"};
    } else if (http_status == 408) {
        verdict = {FailureClass::timeout, "provider timed out"};
    } else {
        // Without a provider error body only the status speaks; wording of proxy pages
        // ("Gateway Timeout") must not override the status table of docs/architecture.md.
        const Evidence status_only{http_status, {}, {}};
        verdict = decide(status_only);
    }
    out.failure_class = verdict.failure_class;
    out.reason = describe_status(http_status) + ": " + verdict.why +
                 (body_text.empty() ? " (empty body)" : " (no provider error in body)");
    return out;
}

}  // namespace lifeline
