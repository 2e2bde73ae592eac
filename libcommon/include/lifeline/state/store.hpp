#pragma once
// StateStore: the one store every tool shares state through — health and circuits
// (health_store.hpp), the usage ledger (ledger_store.hpp), budget reservations
// (budget_store.hpp), locks (lock_store.hpp) and the rotation journal (journal_store.hpp).
// Code that needs one concern takes that interface; a backend implements them all. Backends:
// memory (tests), SQLite (one machine, the default), Redis (a fleet of runners); open one with
// open_state_store() (state/open.hpp).
//
// Every operation is atomic on its own. Errors: ErrorCode::unavailable when the backend cannot
// be reached or stays locked past its timeout; ErrorCode::io for a damaged store;
// ErrorCode::conflict when a compare-and-set or a lock is lost; ErrorCode::invalid_input for
// bad arguments.

#include <string>

#include <lifeline/state/budget_store.hpp>
#include <lifeline/state/health_store.hpp>
#include <lifeline/state/journal_store.hpp>
#include <lifeline/state/ledger_store.hpp>
#include <lifeline/state/lock_store.hpp>

namespace lifeline::state {

class StateStore : public HealthStore,
                   public LedgerStore,
                   public BudgetStore,
                   public LockStore,
                   public JournalStore {
  public:
    // The store's URL for messages, without any password ("sqlite:///x/state.db").
    virtual std::string describe() const = 0;
};

}  // namespace lifeline::state
