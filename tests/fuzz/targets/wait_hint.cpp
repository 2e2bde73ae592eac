// Wait hints: every line of the input through every parser of wait_hint.hpp, and the lines as
// headers ("name: value") with the last line as the message for the combined choice.

#include <lifeline/classify/wait_hint.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {
namespace {

void check_wait(const std::optional<Duration>& wait) {
    if (wait)
        LIFELINE_FUZZ_CHECK(wait->count() >= 0);
}

}  // namespace

int fuzz_wait_hint(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    Headers headers;
    std::string_view line;
    while (!input.empty()) {
        line = input.until("\n");
        check_wait(parse_retry_after(line, fuzz_now()));
        check_wait(parse_retry_after_ms(line));
        (void)parse_reset_duration(line);
        (void)parse_reset_time(line, fuzz_now());
        check_wait(parse_try_again_text(line));
        const size_t colon = line.find(':');
        if (colon != std::string_view::npos)
            headers.push_back(
                {std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    check_wait(wait_hint_from_headers(headers, fuzz_now()));
    check_wait(choose_wait_hint(headers, fuzz_now(), std::nullopt, line));
    return 0;
}

}  // namespace lifeline::fuzz
