#pragma once
// The run's side of the state store: the session token budget (reserve before an attempt,
// settle with what the agent reported), the usage ledger (one entry per attempt) and the
// health observations the circuit breaker reads. A store that fails is reported once on
// stderr and then left alone: bookkeeping never breaks the agent's run.

#include <iosfwd>
#include <optional>
#include <string>

#include <lifeline/config/model.hpp>
#include <lifeline/core/clock.hpp>
#include <lifeline/state/store.hpp>

#include "trail.hpp"

namespace run_with_failover {

struct BudgetSettings {
    std::optional<int64_t> session_tokens;  // nullopt = no session limit
    int64_t reserve_tokens = 1;             // held before each attempt (request_tokens)
    std::string session;                    // budget/ledger session id
    std::string run_id;
    std::string lane;
    // Proxy mode: failover-proxy writes the rows with the real usage of each request it
    // served (with this run id); the step's own row carries no tokens, so nothing counts twice.
    bool usage_from_proxy = false;
    lifeline::Duration hold{2 * 60 * 60 * 1000};  // a reservation outlives a crashed run by this
};

class RunBookkeeping {
  public:
    // `store` may be null (no bookkeeping at all). All references must outlive this object.
    RunBookkeeping(lifeline::state::StateStore* store, BudgetSettings settings,
                   const lifeline::config::Config& config, const lifeline::Clock& clock,
                   std::ostream& err);

    // Reserves the attempt's tokens. nullopt: go ahead; otherwise why the session budget
    // cannot cover it ("session budget 1000 tokens: 950 used, 100 needed").
    std::optional<std::string> admit();
    // Settles the open reservation with the attempt's tokens, appends the ledger entry and
    // records the health observation.
    void record(const AttemptEntry& entry);

    // The session limit's name in the store: "session:<id>:tokens".
    std::string limit_name() const;

  private:
    void warn(const std::string& what, const lifeline::Error& error);

    lifeline::state::StateStore* m_store;
    BudgetSettings m_settings;
    const lifeline::config::Config& m_config;
    const lifeline::Clock& m_clock;
    std::ostream& m_err;
    std::optional<std::string> m_reservation;
    bool m_warned = false;
};

}  // namespace run_with_failover
