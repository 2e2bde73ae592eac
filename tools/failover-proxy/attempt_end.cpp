#include "attempt_end.hpp"

#include <lifeline/config/vendor.hpp>
#include <lifeline/provider/pricing.hpp>

namespace failover_proxy {

namespace {

std::optional<double> cost_of(const lifeline::routing::RouteCandidate& candidate,
                              const lifeline::translate::Usage& usage) {
    if (!candidate.model.price)
        return std::nullopt;
    lifeline::provider::Usage billed;
    billed.input_tokens = usage.input_tokens;
    billed.output_tokens = usage.output_tokens;
    billed.cached_input_tokens = usage.cached_input_tokens;
    billed.cache_creation_tokens = usage.cache_creation_tokens;
    billed.reasoning_tokens = usage.reasoning_tokens;
    return lifeline::provider::cost_usd(
        billed, lifeline::provider::token_prices(*candidate.model.price, candidate.provider.kind));
}

}  // namespace

AttemptRecord access_log_attempt(const AttemptEnd& end) {
    AttemptRecord record;
    record.candidate = end.candidate->candidate.label();
    record.upstream_api = lifeline::translate::to_string(end.upstream_api);
    record.failure = end.failure;
    record.status = end.status;
    record.ttfb_ms = end.ttfb_ms.value_or(0);
    record.duration_ms = end.duration_ms;
    record.after_output = end.after_output;
    record.tokens_estimated = end.usage.has_value() && end.usage_estimated;
    if (end.usage) {
        record.input_tokens = end.usage->input_tokens;
        record.output_tokens = end.usage->output_tokens;
    }
    return record;
}

lifeline::state::Observation health_observation(const AttemptEnd& end) {
    lifeline::state::Observation observation;
    observation.candidate = end.candidate->candidate.label();
    observation.failure = end.failure;
    observation.latency = lifeline::Duration(static_cast<int64_t>(end.duration_ms));
    observation.http_status = end.status;
    observation.time = end.time;
    observation.retry_after = end.retry_after;
    return observation;
}

lifeline::state::LedgerEntry ledger_row(const AttemptEnd& end, const std::string& run_id,
                                        const std::string& ledger_session) {
    const auto& candidate = *end.candidate;
    lifeline::state::LedgerEntry entry;
    entry.time = end.time;
    entry.run_id = run_id;
    entry.session = ledger_session.empty() ? end.session : ledger_session;
    entry.lane = end.lane;
    entry.provider = candidate.provider.name;
    entry.model = candidate.model.name;
    entry.vendor = lifeline::config::vendor_of(candidate.model, candidate.provider);
    entry.attempt = end.attempt_number;
    entry.failure = end.failure;
    if (end.usage) {
        entry.input_tokens = end.usage->input_tokens;
        entry.output_tokens = end.usage->output_tokens;
        entry.cached_tokens = end.usage->cached_input_tokens;
        entry.cost_usd = cost_of(candidate, *end.usage);
    }
    entry.duration_ms = static_cast<int64_t>(end.duration_ms);
    if (end.same_candidate_as_before) {
        entry.is_retry = *end.same_candidate_as_before;
        entry.is_fallback = !entry.is_retry;
    }
    return entry;
}

void record_attempt_end(const AttemptEnd& end, Services& services, RequestRecord& request) {
    const std::string label = end.candidate->candidate.label();
    if (end.usage) {
        services.metrics.tokens(label, end.usage->input_tokens, end.usage->output_tokens);
        services.sessions.add_tokens(end.session, end.usage->total_tokens());
    }
    request.attempts.push_back(access_log_attempt(end));
    services.metrics.attempt(label, end.failure ? lifeline::to_string(*end.failure) : "ok",
                             end.duration_ms / 1000.0);
    if (end.counts_for_health)
        services.health.record(label, end.failure, end.retry_after, end.time);
    if (services.state == nullptr)
        return;
    if (end.counts_for_health)
        services.state->observe(health_observation(end));
    services.state->append(ledger_row(end, services.run_id, services.ledger_session));
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

SpentTokens usage_so_far(const StreamReader* reader, int64_t estimated_input_tokens,
                         size_t streamed_bytes) {
    if (reader != nullptr && reader->progress().usage)
        return {*reader->progress().usage, false};
    SpentTokens spent;
    spent.estimated = true;
    spent.usage.input_tokens = estimated_input_tokens;
    spent.usage.output_tokens = static_cast<int64_t>(streamed_bytes / 4);
    return spent;
}

}  // namespace failover_proxy
