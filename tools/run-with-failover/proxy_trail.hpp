#pragma once
// What failover-proxy did inside one step attempt (proxy mode), read from its access log: the
// requests it served, the ones it failed over (candidate, class, count) and the tokens per
// candidate — the inner level of the two-level trail. Pure: log text in, JSON and class out.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/time.hpp>

namespace run_with_failover {

struct ProxyAttempt {
    std::string candidate;
    std::optional<lifeline::FailureClass> failure;
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
};

struct ProxyRequest {
    lifeline::SystemTime time{};
    std::string outcome;  // "ok" or a class id
    std::vector<ProxyAttempt> attempts;
};

// The access log's requests; lines that do not parse are skipped.
std::vector<ProxyRequest> read_proxy_log(std::string_view text);

// The requests that started in [from, to) as the trail shows them:
// {"requests": N, "failed_over": M, "attempts": [{"candidate", "class", "count"}],
//  "tokens": {"<candidate>": {"input": I, "output": O}}}; null when there were none.
nlohmann::json summarize_proxy_requests(const std::vector<ProxyRequest>& requests,
                                        lifeline::SystemTime from, lifeline::SystemTime to);

// The class the last failed request in [from, to) ended with (what the client was given), or
// nullopt when every request there succeeded: a failed agent attempt's truer class.
std::optional<lifeline::FailureClass> proxy_failure_class(const std::vector<ProxyRequest>& requests,
                                                          lifeline::SystemTime from,
                                                          lifeline::SystemTime to);

}  // namespace run_with_failover
