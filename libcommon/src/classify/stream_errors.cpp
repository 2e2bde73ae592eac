#include <lifeline/classify/error_rules.hpp>
#include <lifeline/classify/stream_errors.hpp>
#include <lifeline/util/strings.hpp>

#include "error_json.hpp"

namespace lifeline {
namespace {

using nlohmann::json;

std::string incomplete_reason(const json& document) {
    const auto response = document.find("response");
    if (response == document.end() || !response->is_object()) {
        return {};
    }
    const auto details = response->find("incomplete_details");
    return details == response->end() ? std::string() : json_string(*details, "reason");
}

Classification content_filtered(std::string code, std::string reason) {
    Classification out;
    out.failure_class = FailureClass::content_filtered;
    out.provider_code = std::move(code);
    out.reason = std::move(reason);
    return out;
}

std::optional<Classification> classify_document(std::string_view event_name, const json& document,
                                                std::string_view data) {
    const std::string type = json_string(document, "type");
    if (type == "response.incomplete" || event_name == "response.incomplete") {
        // max_output_tokens is a normal (if short) answer; only a filter is a failure.
        if (incomplete_reason(document) == "content_filter") {
            return content_filtered(
                "content_filter", "stream response.incomplete: content_filter stopped the answer");
        }
        return std::nullopt;
    }
    std::optional<ProviderError> error = detail::find_provider_error(document);
    if (!error) {
        const std::string block_reason = detail::find_block_reason(document);
        if (!block_reason.empty()) {
            return content_filtered(block_reason, "stream promptFeedback.blockReason " +
                                                      block_reason + ": prompt blocked");
        }
        if (event_name != "error" && event_name != "response.failed") {
            return std::nullopt;
        }
        // An error event we cannot read is still an error: keep its text.
        error = ProviderError{};
        error->message = std::string(data);
    }
    return classify_provider_error(0, *error);
}

}  // namespace

// `now` is part of the contract for hints given as absolute times; no stream dialect sends
// one today (RetryInfo and "try again in" are relative), so it is unused for now.
std::optional<Classification> classify_stream_event(std::string_view event_name,
                                                    std::string_view data, SystemTime /*now*/) {
    data = trim(data);
    if (data.empty() || data == "[DONE]") {
        return std::nullopt;
    }
    try {
        const json document = detail::parse_json_quietly(data);
        if (document.is_discarded()) {
            if (event_name != "error") {
                return std::nullopt;
            }
            ProviderError error;
            error.message = std::string(data);
            return classify_provider_error(0, error);
        }
        return classify_document(event_name, document, data);
    } catch (const json::exception&) {
        // The border of classify: a malformed event is "not an error event", never a crash.
        return std::nullopt;
    }
}

}  // namespace lifeline
