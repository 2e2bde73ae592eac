#pragma once
// The verdict of a classifier: which FailureClass an answer belongs to (none for success),
// what the provider called it, what it said, and how long it asked us to wait.

#include <optional>
#include <string>
#include <string_view>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline {

struct Classification {
    // nullopt: the answer is a success.
    std::optional<FailureClass> failure_class;
    // The provider's own error id: "insufficient_quota", "overloaded_error",
    // "RESOURCE_EXHAUSTED"; empty when the provider gave none (or only a number).
    std::string provider_code;
    // The provider's message on one line, at most ~200 characters; empty when none.
    std::string message;
    // How long the provider asked us to wait before trying again; nullopt when it did not say.
    // Only set for failures where waiting can help (transient classes).
    std::optional<Duration> wait_hint;
    // Why lifeline chose this class, for humans: "HTTP 429 insufficient_quota".
    std::string reason;

    bool is_success() const { return !failure_class.has_value(); }
};

// Collapses whitespace runs (newlines included) to one space, trims, and cuts at `max_chars`
// (on a UTF-8 boundary) with a trailing "..." when the text was longer.
std::string one_line_message(std::string_view text, size_t max_chars = 200);

}  // namespace lifeline
