#include "proxy_trail.hpp"

#include <map>
#include <sstream>

namespace run_with_failover {

namespace {

bool in_window(const ProxyRequest& request, lifeline::SystemTime from, lifeline::SystemTime to) {
    return request.time >= from && request.time < to;
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
        request.outcome = record.value("outcome", "");
        for (const auto& attempt : record.value("attempts", nlohmann::json::array())) {
            ProxyAttempt entry;
            entry.candidate = attempt.value("candidate", "");
            if (attempt.contains("class") && attempt["class"].is_string())
                entry.failure = lifeline::parse_failure_class(attempt["class"].get<std::string>());
            entry.input_tokens = attempt.value("input_tokens", int64_t{0});
            entry.output_tokens = attempt.value("output_tokens", int64_t{0});
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
            tokens[attempt.candidate].first += attempt.input_tokens;
            tokens[attempt.candidate].second += attempt.output_tokens;
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
