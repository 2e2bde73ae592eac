#include "budget.hpp"

#include <ostream>

#include <lifeline/config/vendor.hpp>
#include <lifeline/provider/pricing.hpp>

namespace run_with_failover {

RunBookkeeping::RunBookkeeping(lifeline::state::StateStore* store, BudgetSettings settings,
                               const lifeline::config::Config& config, const lifeline::Clock& clock,
                               std::ostream& err)
    : m_store(store),
      m_settings(std::move(settings)),
      m_config(config),
      m_clock(clock),
      m_err(err) {}

std::string RunBookkeeping::limit_name() const {
    return "session:" + m_settings.session + ":tokens";
}

void RunBookkeeping::warn(const std::string& what, const lifeline::Error& error) {
    if (m_warned)
        return;
    m_warned = true;
    m_err << "run-with-failover: warning: " << what << ": " << error.to_string()
          << " (continuing without it)\n";
}

std::optional<std::string> RunBookkeeping::admit() {
    if (!m_store || !m_settings.session_tokens)
        return std::nullopt;
    const lifeline::state::BudgetLimit limit{
        limit_name(), static_cast<double>(*m_settings.session_tokens), lifeline::Duration{0}};
    const double amount = static_cast<double>(std::max<int64_t>(1, m_settings.reserve_tokens));
    auto reservation = m_store->reserve(limit, amount, m_settings.hold);
    if (!reservation) {
        // Fail open: an unreachable store must not stop CI, but say so.
        warn("cannot reserve budget", reservation.error());
        return std::nullopt;
    }
    if (!reservation->granted) {
        const double used = reservation->used;
        return "session budget " + std::to_string(*m_settings.session_tokens) +
               " tokens: " + std::to_string(static_cast<int64_t>(used)) + " used, " +
               std::to_string(static_cast<int64_t>(amount)) + " needed for the next attempt";
    }
    m_reservation = reservation->id;
    return std::nullopt;
}

void RunBookkeeping::record(const AttemptEntry& entry) {
    if (!m_store || entry.refused)
        return;
    const int64_t tokens = entry.usage ? entry.usage->total_tokens() : 0;
    if (m_reservation) {
        if (auto settled = m_store->settle(*m_reservation, static_cast<double>(tokens)); !settled)
            warn("cannot settle budget", settled.error());
        m_reservation.reset();
    }
    lifeline::state::LedgerEntry ledger;
    ledger.time = m_clock.now();
    ledger.run_id = m_settings.run_id;
    ledger.session = m_settings.session;
    ledger.lane = m_settings.lane;
    ledger.provider = entry.provider;
    ledger.model = entry.model;
    ledger.attempt = entry.number;
    ledger.failure = entry.failure_class;
    if (entry.usage && !m_settings.usage_from_proxy) {
        ledger.input_tokens = entry.usage->input_tokens;
        ledger.output_tokens = entry.usage->output_tokens;
        ledger.cached_tokens = entry.usage->cached_input_tokens;
    }
    const auto* model = m_config.find_model(entry.model);
    const auto* provider = model ? m_config.find_provider(model->provider) : nullptr;
    // The step's own row in proxy mode names the lane, not a model: the proxy's rows carry the
    // vendors of the requests it served.
    if (model && provider && entry.provider != lifeline::state::k_proxy_provider)
        ledger.vendor = lifeline::config::vendor_of(*model, *provider);
    if (model && model->price && provider && !m_settings.usage_from_proxy) {
        // An attempt that reported no usage cost nothing that can be known: $0, still priced.
        ledger.cost_usd = lifeline::provider::cost_usd(
            entry.usage.value_or(lifeline::provider::Usage{}),
            lifeline::provider::token_prices(*model->price, provider->kind));
    }
    ledger.duration_ms = entry.duration.count();
    ledger.is_retry = entry.is_retry;
    ledger.is_fallback = entry.is_fallback;
    if (auto appended = m_store->append_ledger(ledger); !appended)
        warn("cannot append to the usage ledger", appended.error());

    lifeline::state::Observation observation;
    observation.candidate = entry.label();
    observation.failure = entry.failure_class;
    observation.latency = entry.duration;
    observation.http_status = entry.http_status;
    observation.time = ledger.time;
    if (auto recorded = m_store->record_observation(observation); !recorded)
        warn("cannot record health", recorded.error());
}

}  // namespace run_with_failover
