#include "trail.hpp"

#include <lifeline/classify/failure_class.hpp>

namespace run_with_failover {

namespace {

nlohmann::json usage_json(const std::optional<lifeline::provider::Usage>& usage) {
    if (!usage)
        return nullptr;
    return {{"input", usage->input_tokens},
            {"output", usage->output_tokens},
            {"cached_input", usage->cached_input_tokens},
            {"total", usage->total_tokens()}};
}

}  // namespace

nlohmann::json to_json(const AttemptEntry& entry) {
    nlohmann::json json = {
        {"number", entry.number},
        {"candidate", entry.label()},
        {"provider", entry.provider},
        {"model", entry.model},
        {"started_at", lifeline::format_rfc3339(entry.started_at, true)},
        {"is_retry", entry.is_retry},
        {"is_fallback", entry.is_fallback},
        {"class", entry.failure_class ? nlohmann::json(lifeline::to_string(*entry.failure_class))
                                      : nlohmann::json(nullptr)},
        {"wait_before_ms", entry.wait_before.count()},
        {"duration_ms", entry.duration.count()},
        {"tokens", usage_json(entry.usage)},
        {"detail", entry.detail},
        {"next", entry.next},
        {"reason", entry.reason},
    };
    if (entry.refused)
        json["refused"] = true;
    if (entry.exit_code)
        json["exit_code"] = *entry.exit_code;
    if (entry.http_status != 0)
        json["http_status"] = entry.http_status;
    if (!entry.proxy.is_null())
        json["proxy"] = entry.proxy;
    return json;
}

nlohmann::json to_json(const TrailSummary& summary) {
    nlohmann::json attempts = nlohmann::json::array();
    int64_t tokens = 0;
    for (const AttemptEntry& entry : summary.attempts) {
        attempts.push_back(to_json(entry));
        if (entry.usage)
            tokens += entry.usage->total_tokens();
    }
    const AttemptEntry* last = summary.attempts.empty() ? nullptr : &summary.attempts.back();
    nlohmann::json outcome = {
        {"result", lifeline::policy::to_string(summary.outcome.result)},
        {"exit_code", summary.outcome.exit_code},
        {"class", summary.outcome.last_class
                      ? nlohmann::json(lifeline::to_string(*summary.outcome.last_class))
                      : nlohmann::json(nullptr)},
        {"summary", summary.outcome.summary},
        {"provider", last ? nlohmann::json(last->provider) : nlohmann::json(nullptr)},
        {"model", last ? nlohmann::json(last->model) : nlohmann::json(nullptr)},
        {"total_tokens", tokens},
    };
    if (summary.signal)
        outcome["signal"] = *summary.signal;
    return {{"mode", summary.mode},       {"via", summary.via},
            {"lane", summary.lane},       {"candidates", summary.candidates},
            {"skipped", summary.skipped}, {"attempts", attempts},
            {"outcome", outcome},         {"run_id", summary.run_id},
            {"vendors", summary.vendors}};
}

std::string describe(const AttemptEntry& entry) {
    std::string line = "#" + std::to_string(entry.number) + " " + entry.label() + " ";
    line += entry.failure_class ? lifeline::to_string(*entry.failure_class) : "ok";
    if (entry.exit_code)
        line += " (exit " + std::to_string(*entry.exit_code) + ")";
    if (entry.http_status != 0)
        line += " (HTTP " + std::to_string(entry.http_status) + ")";
    line += " " + lifeline::format_duration(entry.duration);
    if (!entry.reason.empty())
        line += " -> " + entry.reason;
    return line;
}

std::string trail_markdown(const TrailSummary& summary) {
    std::string out = "### run-with-failover";
    if (!summary.lane.empty())
        out += ": lane `" + summary.lane + "`";
    out += summary.via == "proxy" ? " (through failover-proxy)\n\n" : "\n\n";
    out += "| # | candidate | result | duration | next |\n|---|---|---|---|---|\n";
    for (const AttemptEntry& entry : summary.attempts) {
        out += "| " + std::to_string(entry.number) + " | `" + entry.label() + "` | " +
               (entry.failure_class ? lifeline::to_string(*entry.failure_class) : "ok") + " | " +
               lifeline::format_duration(entry.duration) + " | " + entry.next + " |\n";
    }
    for (const AttemptEntry& entry : summary.attempts) {
        if (entry.proxy.is_null())
            continue;
        out += "\nInside attempt " + std::to_string(entry.number) + ", failover-proxy served " +
               std::to_string(entry.proxy.value("requests", 0)) + " request(s), " +
               std::to_string(entry.proxy.value("failed_over", 0)) + " failed over:\n\n";
        out += "| candidate | result | requests | tokens in / out |\n|---|---|---|---|\n";
        const nlohmann::json tokens = entry.proxy.value("tokens", nlohmann::json::object());
        for (const auto& row : entry.proxy.value("attempts", nlohmann::json::array())) {
            const std::string candidate = row.value("candidate", "");
            const nlohmann::json used = tokens.value(candidate, nlohmann::json::object());
            out += "| `" + candidate + "` | " + row.value("class", "") + " | " +
                   std::to_string(row.value("count", 0)) + " | " +
                   std::to_string(used.value("input", int64_t{0})) + " / " +
                   std::to_string(used.value("output", int64_t{0})) + " |\n";
        }
    }
    return out;
}

}  // namespace run_with_failover
