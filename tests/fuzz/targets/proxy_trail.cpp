// run-with-failover's reading of failover-proxy's access log (proxy mode): the sidecar's JSON
// lines, read as untrusted, then summarised for the trail and asked for the class the step's
// last failed request ended with, over a window the first byte chooses.

#include "proxy_trail.hpp"

#include <string>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

int fuzz_proxy_trail(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const uint8_t window = input.byte();
    const auto requests = run_with_failover::read_proxy_log(input.rest());

    // All of time, or one day before the fixed now.
    const SystemTime from = window & 1 ? fuzz_now() - std::chrono::hours(24) : SystemTime::min();
    const SystemTime to = window & 1 ? fuzz_now() : SystemTime::max();
    const nlohmann::json summary = run_with_failover::summarize_proxy_requests(requests, from, to);
    (void)summary.dump();
    const auto failure = run_with_failover::proxy_failure_class(requests, from, to);

    size_t in_window = 0;
    bool any_failed = false;
    for (const auto& request : requests) {
        if (request.time < from || request.time >= to)
            continue;
        ++in_window;
        any_failed = any_failed || (request.outcome != "ok" && !request.outcome.empty() &&
                                    parse_failure_class(request.outcome).has_value());
    }
    // null exactly when no request fell in the window, and then every count is of the window.
    LIFELINE_FUZZ_CHECK(summary.is_null() == (in_window == 0));
    if (!summary.is_null())
        LIFELINE_FUZZ_CHECK(summary["requests"].get<size_t>() == in_window);
    LIFELINE_FUZZ_CHECK(failure.has_value() == any_failed);
    return 0;
}

}  // namespace lifeline::fuzz
