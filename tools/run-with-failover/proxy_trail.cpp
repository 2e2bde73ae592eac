#include "proxy_trail.hpp"

#include <limits>
#include <map>
#include <sstream>

#include "lifeline/util/json_fields.hpp"

namespace run_with_failover {

namespace {

bool in_window(const ProxyRequest& request, lifeline::SystemTime from, lifeline::SystemTime to) {
    return request.time >= from && request.time < to;
}

// Token counts come from a log read as untrusted: a sum beyond int64 saturates instead of
// overflowing.
int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return sum;
}

}  // namespace

std::vector<ProxyRequest> read_proxy_log(std::string_view text) {
    std::vector<ProxyRequest> requests;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        if (!record.is_object() || !record.contains("time") || !record["time"].is_string())
            continue;
        auto time = lifeline::parse_rfc3339(record["time"].get<std::string>());
        if (!time)
            continue;
        ProxyRequest request;
        request.time = *time;
        // The sidecar's own log, but read as untrusted: a field of another type is absent.
        request.outcome = lifeline::json_string(record, "outcome");
        const nlohmann::json* attempts = lifeline::json_member(record, "attempts");
        for (const auto& attempt :
             attempts && attempts->is_array() ? *attempts : nlohmann::json::array()) {
            ProxyAttempt entry;
            entry.candidate = lifeline::json_string(attempt, "candidate");
            const std::string failure = lifeline::json_string(attempt, "class");
            if (!failure.empty())
                entry.failure = lifeline::parse_failure_class(failure);
            entry.input_tokens = lifeline::json_int(attempt, "input_tokens");
            entry.output_tokens = lifeline::json_int(attempt, "output_tokens");
            request.attempts.push_back(std::move(entry));
        }
        requests.push_back(std::move(request));
    }
    return requests;
}

nlohmann::json summarize_proxy_requests(const std::vector<ProxyRequest>& requests,
                                        lifeline::SystemTime from, lifeline::SystemTime to) {
    int count = 0;
    int failed_over = 0;
    std::map<std::pair<std::string, std::string>, int> attempts;  // (candidate, class)
    std::map<std::string, std::pair<int64_t, int64_t>> tokens;
    for (const ProxyRequest& request : requests) {
        if (!in_window(request, from, to))
            continue;
        ++count;
        if (request.attempts.size() > 1)
            ++failed_over;
        for (const ProxyAttempt& attempt : request.attempts) {
            ++attempts[{attempt.candidate,
                        attempt.failure ? lifeline::to_string(*attempt.failure) : "ok"}];
            auto& [input, output] = tokens[attempt.candidate];
            input = saturating_add(input, attempt.input_tokens);
            output = saturating_add(output, attempt.output_tokens);
        }
    }
    if (count == 0)
        return nullptr;
    nlohmann::json summary = {{"requests", count}, {"failed_over", failed_over}};
    summary["attempts"] = nlohmann::json::array();
    for (const auto& [key, n] : attempts)
        summary["attempts"].push_back(
            {{"candidate", key.first}, {"class", key.second}, {"count", n}});
    summary["tokens"] = nlohmann::json::object();
    for (const auto& [candidate, io] : tokens)
        summary["tokens"][candidate] = {{"input", io.first}, {"output", io.second}};
    return summary;
}

std::optional<lifeline::FailureClass> proxy_failure_class(const std::vector<ProxyRequest>& requests,
                                                          lifeline::SystemTime from,
                                                          lifeline::SystemTime to) {
    std::optional<lifeline::FailureClass> last;
    for (const ProxyRequest& request : requests) {
        if (!in_window(request, from, to) || request.outcome == "ok" || request.outcome.empty())
            continue;
        if (auto parsed = lifeline::parse_failure_class(request.outcome))
            last = *parsed;
    }
    return last;
}

}  // namespace run_with_failover
