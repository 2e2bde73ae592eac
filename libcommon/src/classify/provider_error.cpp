#include <lifeline/classify/provider_error.hpp>
#include <lifeline/util/strings.hpp>

#include "error_json.hpp"

namespace lifeline {
namespace detail {
namespace {

using nlohmann::json;

// OpenRouter wraps the upstream body in metadata.raw, which may wrap another gateway's body:
// follow a few levels, never unbounded recursion on crafted input.
constexpr int k_max_depth = 3;

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool all_digits(std::string_view text) {
    if (text.empty() || text.size() > 4) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int small_int(const json& value) {
    if (value.is_number_integer()) {
        const auto n = value.get<int64_t>();
        return n >= 0 && n < 1000 ? static_cast<int>(n) : 0;
    }
    return 0;
}

// google.rpc details: RetryInfo, QuotaFailure and ErrorInfo are the ones that change a decision.
void read_google_details(const json& details, ProviderError& out) {
    if (!details.is_array()) {
        return;
    }
    for (const json& detail : details) {
        const std::string type = json_string(detail, "@type");
        if (ends_with(type, "google.rpc.RetryInfo")) {
            const auto delay = parse_duration(json_string(detail, "retryDelay"));
            if (delay) {
                out.retry_delay = *delay;
            }
        } else if (ends_with(type, "google.rpc.QuotaFailure")) {
            const json* violations = json_member(detail, "violations");
            if (violations && violations->is_array()) {
                for (const json& v : *violations) {
                    std::string id = json_string(v, "quotaId");
                    out.quota_ids.push_back(id.empty() ? json_string(v, "quotaMetric") : id);
                }
            }
        } else if (ends_with(type, "google.rpc.ErrorInfo")) {
            out.info_reason = json_string(detail, "reason");
        }
    }
}

void read_openrouter_metadata(const json& metadata, ProviderError& out, int depth) {
    if (!metadata.is_object()) {
        return;
    }
    out.upstream_provider = json_string(metadata, "provider_name");
    out.flagged = json_member(metadata, "flagged_input") != nullptr ||
                  json_member(metadata, "reasons") != nullptr;
    const json* raw = json_member(metadata, "raw");
    if (!raw || depth >= k_max_depth) {
        return;
    }
    std::optional<ProviderError> nested;
    if (raw->is_string()) {
        const std::string& text = raw->get_ref<const std::string&>();
        const json parsed = parse_json_quietly(text);
        if (!parsed.is_discarded()) {
            nested = find_provider_error(parsed, depth + 1);
        }
        if (!nested) {
            out.upstream_text = text;
        }
    } else if (raw->is_object() || raw->is_array()) {
        nested = find_provider_error(*raw, depth + 1);
    }
    if (nested) {
        out.upstream = std::make_shared<const ProviderError>(std::move(*nested));
    }
}

// False only when no reading below can find anything in `body`: every error and block reason
// is found through one of these names ("error" as a key or a type, "response.failed",
// "promptFeedback"), and a name written with \u escapes would hide from the search, so any
// escape counts as a match.
bool may_name_an_error(std::string_view body) {
    for (std::string_view needle : {"error", "response.failed", "promptFeedback", "\\u"}) {
        if (body.find(needle) != std::string_view::npos)
            return true;
    }
    return false;
}

}  // namespace

json parse_json_quietly(std::string_view text) {
    return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

ProviderError read_error_object(const json& error, int depth) {
    ProviderError out;
    out.message = json_string(error, "message");
    out.type = json_string(error, "type");
    if (const json* code = json_member(error, "code")) {
        if (code->is_string()) {
            const std::string text = code->get<std::string>();
            // Azure sends "429" as a string; a number is a status, not a provider id.
            if (all_digits(text)) {
                out.numeric_code = std::stoi(text);
            } else {
                out.code = text;
            }
        } else {
            out.numeric_code = small_int(*code);
        }
    }
    if (const json* status = json_member(error, "status")) {
        if (status->is_string()) {
            out.status = status->get<std::string>();
        } else if (out.numeric_code == 0) {
            out.numeric_code = small_int(*status);
        }
    }
    if (const json* inner = json_member(error, "innererror")) {
        out.inner_code = json_string(*inner, "code");
    }
    if (const json* details = json_member(error, "details")) {
        read_google_details(*details, out);
    }
    if (const json* metadata = json_member(error, "metadata")) {
        read_openrouter_metadata(*metadata, out, depth);
    }
    // Gateways (gemini-cli's proxy, Vertex wrappers) put the upstream JSON inside the message.
    const std::string_view message = trim(out.message);
    if (!out.upstream && depth < k_max_depth && !message.empty() &&
        (message.front() == '{' || message.front() == '[')) {
        const json nested = parse_json_quietly(message);
        if (!nested.is_discarded()) {
            if (auto upstream = find_provider_error(nested, depth + 1)) {
                out.upstream = std::make_shared<const ProviderError>(std::move(*upstream));
            }
        }
    }
    return out;
}

std::optional<ProviderError> find_provider_error(const json& document, int depth) {
    if (document.is_array()) {
        // Gemini's non-SSE stream is a JSON array of items; the error is one of them. Only
        // objects count: recursing into nested arrays would let crafted input blow the stack.
        for (const json& item : document) {
            if (!item.is_object()) {
                continue;
            }
            if (auto found = find_provider_error(item, depth)) {
                return found;
            }
        }
        return std::nullopt;
    }
    if (!document.is_object()) {
        return std::nullopt;
    }
    if (const json* error = json_member(document, "error")) {
        if (error->is_object()) {
            return read_error_object(*error, depth);
        }
        if (error->is_string()) {
            ProviderError out;
            out.message = error->get<std::string>();
            out.message = out.message.empty() ? json_string(document, "message") : out.message;
            return out;
        }
    }
    const std::string type = json_string(document, "type");
    if (type == "response.failed") {
        const json* response = json_member(document, "response");
        const json* error = response ? json_member(*response, "error") : nullptr;
        if (error && error->is_object()) {
            return read_error_object(*error, depth);
        }
        return ProviderError{};
    }
    if (type == "error" && (json_member(document, "code") || json_member(document, "message"))) {
        // Responses API error event: the fields sit at the top level.
        return read_error_object(document, depth);
    }
    return std::nullopt;
}

std::string find_block_reason(const json& document) {
    if (document.is_array()) {
        for (const json& item : document) {
            std::string reason = item.is_object() ? find_block_reason(item) : std::string();
            if (!reason.empty()) {
                return reason;
            }
        }
        return {};
    }
    const json* feedback = json_member(document, "promptFeedback");
    return feedback ? json_string(*feedback, "blockReason") : std::string();
}

BodyReading read_body(std::string_view body) {
    BodyReading reading;
    if (!may_name_an_error(body))
        return reading;  // most 200 answers: no JSON parse at all
    try {
        const json document = parse_json_quietly(body);
        if (!document.is_discarded()) {
            reading.error = find_provider_error(document);
            reading.block_reason = find_block_reason(document);
        }
    } catch (const json::exception&) {
        // Accessors check types, so this is a belt-and-braces border: bad bytes are "not JSON".
        reading = BodyReading{};
    }
    return reading;
}

}  // namespace detail

std::string ProviderError::best_code() const {
    if (!code.empty()) {
        return code;
    }
    if (!type.empty()) {
        return type;
    }
    return status;
}

std::optional<ProviderError> parse_provider_error(std::string_view body) {
    return detail::read_body(body).error;
}

}  // namespace lifeline
