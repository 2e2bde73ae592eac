#pragma once
// The concrete backends. Tools use open_state_store(); tests and benchmarks may build one
// directly.

#include <memory>

#include <lifeline/core/clock.hpp>
#include <lifeline/state/state_url.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/storage/open.hpp>

namespace lifeline::state {

// A store that lives in this process only.
std::unique_ptr<StateStore> make_memory_store(const Clock& clock);

// Opens (creating when missing, with its parent directory) the SQLite file `url.path`, in WAL
// mode, migrating an older schema. Errors: io for a corrupt/foreign file, unsupported for a
// schema newer than this build, unavailable when locked past options.busy_timeout.
Result<std::unique_ptr<StateStore>> open_sqlite_store(const StateUrl& url, const Clock& clock,
                                                      const StateOpenOptions& options);

// Connects to Redis (AUTH and SELECT as the URL says). Errors: unavailable naming host:port
// (never the password) when it cannot connect or authenticate.
Result<std::unique_ptr<StateStore>> open_redis_store(const StateUrl& url, const Clock& clock,
                                                     const StateOpenOptions& options);

}  // namespace lifeline::state
