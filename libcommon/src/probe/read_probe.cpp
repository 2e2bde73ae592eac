#include <nlohmann/json.hpp>

#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/classify/rate_limits.hpp>
#include <lifeline/probe/cost.hpp>
#include <lifeline/probe/read_probe.hpp>
#include <lifeline/provider/generation.hpp>

namespace lifeline::probe {

using lifeline::Classification;
using lifeline::FailureClass;
using lifeline::one_line_message;
using nlohmann::json;
namespace http = lifeline::http;
namespace provider = lifeline::provider;

namespace {

ProbeResult base_result(const PlannedProbe& probe) {
    ProbeResult result;
    result.target = probe.target->name;
    result.provider = probe.target->provider->name;
    result.model = probe.model_name();
    result.probe = probe.kind;
    return result;
}

// Errors are JSON we only inspect; parsing never throws (allow_exceptions = false).
json parse_body(std::string_view body) {
    return json::parse(body.begin(), body.end(), nullptr, false);
}

void fail_with(ProbeResult& result, FailureClass failure, const std::string& message) {
    result.failure = failure;
    result.message = one_line_message(message);
}

// A models list: OpenAI-style {"data": [...]}, Gemini {"models": [...]}.
void check_models_list(ProbeResult& result, std::string_view body) {
    const json parsed = parse_body(body);
    const json* list = nullptr;
    if (parsed.is_object()) {
        for (const char* key : {"data", "models"}) {
            if (auto found = parsed.find(key); found != parsed.end() && found->is_array())
                list = &*found;
        }
    }
    if (list == nullptr) {
        fail_with(result, FailureClass::server_error,
                  "malformed models list: " + one_line_message(body, 80));
        return;
    }
    result.message = std::to_string(list->size()) + " models listed";
}

// OpenRouter GET /key: {"data": {"limit": 20 | null, "limit_remaining": 12.5 | null, ...}}.
void check_key_info(ProbeResult& result, std::string_view body) {
    const json parsed = parse_body(body);
    const json* data = nullptr;
    if (parsed.is_object() && parsed.contains("data") && parsed["data"].is_object())
        data = &parsed["data"];
    if (data == nullptr) {
        fail_with(result, FailureClass::server_error,
                  "malformed key info: " + one_line_message(body, 80));
        return;
    }
    result.credit_known = true;
    const auto remaining = data->find("limit_remaining");
    if (remaining == data->end() || !remaining->is_number()) {
        result.message = "credit unlimited";
        return;
    }
    result.credit_remaining = remaining->get<double>();
    const auto limit = data->find("limit");
    const std::string of = limit != data->end() && limit->is_number()
                               ? " of " + json(limit->get<double>()).dump()
                               : "";
    if (*result.credit_remaining <= 0) {
        fail_with(result, FailureClass::quota_exhausted, "no credit left" + of);
        return;
    }
    result.message = "credit remaining " + json(*result.credit_remaining).dump() + of;
}

void check_rate_limit_headers(ProbeResult& result) {
    if (!result.rate_limit_remaining && !result.rate_limit_remaining_tokens) {
        result.message = "no rate-limit headers sent";
        return;
    }
    std::string text = "rate limit remaining:";
    if (result.rate_limit_remaining)
        text += " " + std::to_string(*result.rate_limit_remaining) + " requests";
    if (result.rate_limit_remaining_tokens)
        text += " " + std::to_string(*result.rate_limit_remaining_tokens) + " tokens";
    result.message = text;
    if (result.rate_limit_remaining == 0 || result.rate_limit_remaining_tokens == 0) {
        result.failure = FailureClass::rate_limited;
        result.retry_after = result.rate_limit_reset;
    }
}

// Checks the answer is what the probe asked for and records its usage and cost.
void check_generation(ProbeResult& result, const PlannedProbe& probe,
                      const provider::Generation& generation) {
    result.usage = generation.usage;
    result.estimated_tokens = estimate_probe_tokens(probe.kind, generation.usage);
    result.tokens_reported = generation.usage.has_value();
    if (result.request_id.empty())
        result.request_id = generation.response_id;
    if (probe.kind == ProbeKind::tools) {
        const auto& call = generation.tool_call;
        if (!call || !call->well_formed || call->name != provider::k_probe_tool_name) {
            const std::string got = !call ? "text \"" + one_line_message(generation.text, 60) + "\""
                                          : "call " + call->name + "(" +
                                                one_line_message(call->arguments_json, 60) + ")";
            fail_with(result, FailureClass::server_error,
                      std::string("no well-formed ") + provider::k_probe_tool_name +
                          " tool call; got " + got);
            return;
        }
        result.message =
            "tool call " + call->name + "(" + one_line_message(call->arguments_json, 80) + ")";
        return;
    }
    const std::string verb = probe.kind == ProbeKind::stream ? "streamed" : "answered";
    result.message = generation.text.empty()
                         ? verb + " with no text (finish " + generation.finish_reason + ")"
                         : verb + ": " + one_line_message(generation.text, 80);
}

void read_stream(ProbeResult& result, const PlannedProbe& probe, const StreamCapture& capture,
                 double ttfb_ms) {
    result.ttft_ms = capture.ttft_ms(ttfb_ms);
    if (const auto& error = capture.stream_error()) {
        result.failure = error->failure_class;
        result.provider_code = error->provider_code;
        result.retry_after = error->wait_hint;
        result.message =
            one_line_message("error inside the 200 stream: " +
                             (error->message.empty() ? error->reason : error->message));
        return;
    }
    if (!capture.parse_error().empty()) {
        fail_with(result, FailureClass::stream_broken,
                  "unreadable stream: " + capture.parse_error());
        return;
    }
    if (capture.malformed_events() > 0) {
        fail_with(result, FailureClass::stream_broken,
                  std::to_string(capture.malformed_events()) +
                      " malformed stream event(s), first: " + capture.malformed_excerpt());
        return;
    }
    if (!capture.reader().complete()) {
        fail_with(
            result, FailureClass::stream_broken,
            capture.received_bytes() ? "stream ended before its terminal event" : "empty stream");
        return;
    }
    check_generation(result, probe, capture.reader().generation());
}

// The transport failed: the stream's own verdict if it has one, else the transport error.
void read_transport_error(ProbeResult& result, const PlannedProbe& probe,
                          const http::TransportError& error, const StreamCapture* capture,
                          bool deadline_cut) {
    result.latency = error.timing;
    result.http_status = error.status;
    // The stream's own verdict (an in-stream error made us abort) beats "aborted".
    if (capture != nullptr && (capture->stream_error() || !capture->parse_error().empty())) {
        read_stream(result, probe, *capture, error.timing.ttfb_ms);
        return;
    }
    if (capture != nullptr)
        result.ttft_ms = capture->ttft_ms(error.timing.ttfb_ms);
    const FailureClass failure = error.failure_class();
    const std::string what = deadline_cut && error.kind == http::TransportError::Kind::timeout
                                 ? "overall deadline reached: "
                                 : std::string(http::to_string(error.kind)) + ": ";
    fail_with(result, failure, what + error.message);
}

// Status, timing, request id and rate-limit headers: recorded whatever the answer says.
void record_response(ProbeResult& result, const http::HttpResponse& response,
                     lifeline::SystemTime now) {
    result.http_status = response.status;
    result.latency = response.timing;
    result.request_id = find_request_id(response.headers, response.body);
    const lifeline::RateLimitInfo limits = lifeline::extract_rate_limits(response.headers, now);
    result.rate_limit_remaining = limits.remaining_requests;
    result.rate_limit_remaining_tokens = limits.remaining_tokens;
    result.rate_limit_reset = limits.reset;
}

// Records the classifier's verdict on an error answer; false when the answer is a success.
bool read_error_answer(ProbeResult& result, const http::HttpResponse& response,
                       lifeline::SystemTime now) {
    const Classification verdict =
        lifeline::classify_http_response({response.status, response.headers, response.body}, now);
    if (verdict.is_success())
        return false;
    result.failure = verdict.failure_class;
    result.provider_code = verdict.provider_code;
    result.retry_after = verdict.wait_hint;
    result.message = one_line_message(verdict.message.empty() ? verdict.reason : verdict.message);
    return true;
}

void read_generation_body(ProbeResult& result, const PlannedProbe& probe, std::string_view body) {
    auto generation = provider::read_generation(probe.api, body);
    if (!generation) {
        // Not JSON at all is a broken answer, as in every tool; JSON of another shape is the
        // server's error.
        const bool is_json = nlohmann::json::accept(body);
        fail_with(result, is_json ? FailureClass::server_error : FailureClass::stream_broken,
                  "malformed answer: " + generation.error().message);
        return;
    }
    check_generation(result, probe, *generation);
}

// Checks a successful answer against what this kind of probe asked for.
void check_answer(ProbeResult& result, const PlannedProbe& probe,
                  const http::HttpResponse& response, const StreamCapture* capture) {
    switch (probe.kind) {
        case ProbeKind::auth:
            check_models_list(result, response.body);
            break;
        case ProbeKind::key:
            if (probe.target->provider->kind == lifeline::config::ProviderKind::openrouter)
                check_key_info(result, response.body);
            else
                check_rate_limit_headers(result);
            break;
        case ProbeKind::stream:
            if (capture != nullptr)
                read_stream(result, probe, *capture, response.timing.ttfb_ms);
            break;
        case ProbeKind::generate:
        case ProbeKind::tools:
            read_generation_body(result, probe, response.body);
            break;
    }
}

}  // namespace

std::string find_request_id(const http::Headers& headers, std::string_view body) {
    for (const char* name : {"x-request-id", "request-id"}) {
        if (auto value = http::find_header(headers, name); value && !value->empty())
            return std::string(*value);
    }
    const json parsed = parse_body(body);
    if (!parsed.is_object())
        return {};
    for (const char* key : {"id", "request_id"}) {
        if (auto found = parsed.find(key); found != parsed.end() && found->is_string())
            return found->get<std::string>();
    }
    return {};
}

ProbeResult read_probe(const PlannedProbe& probe, const http::HttpResult& outcome,
                       const StreamCapture* capture, lifeline::SystemTime now, bool deadline_cut) {
    ProbeResult result = base_result(probe);
    if (needs_model(probe.kind))
        result.estimated_tokens = estimate_probe_tokens(probe.kind, std::nullopt);
    if (!outcome) {
        read_transport_error(result, probe, outcome.error(), capture, deadline_cut);
        return result;
    }
    const http::HttpResponse& response = *outcome;
    record_response(result, response, now);
    if (read_error_answer(result, response, now))
        return result;
    check_answer(result, probe, response, capture);
    return result;
}

ProbeResult unsent_probe(const PlannedProbe& probe, FailureClass failure, std::string message) {
    ProbeResult result = base_result(probe);
    fail_with(result, failure, message);
    return result;
}

}  // namespace lifeline::probe
