#pragma once
// Opening a state store from its URL (config `state:` or `--state URL`):
//   memory:                          a private in-process store (tests)
//   sqlite:///abs/path.db            SQLite file (absolute path)
//   sqlite://relative/path.db        SQLite file relative to the working directory
//   redis://[user:pass@]host:port/db[?prefix=lifeline:]   a shared Redis server

#include <memory>
#include <string>
#include <string_view>

#include <lifeline/core/clock.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::state {

// Where `lifeline` keeps state when nothing else is configured ($LIFELINE_STATE is the
// caller's business).
inline constexpr std::string_view k_default_state_url = "sqlite://.lifeline/state.db";

struct StateOpenOptions {
    // Redis unreachable: open `local_url` instead and return a warning.
    bool fallback_to_local = false;
    std::string local_url = std::string(k_default_state_url);
    // SQLite: how long a write waits for another process's lock before `unavailable`.
    Duration busy_timeout{5'000};
    // Redis: connect and per-command timeouts.
    Duration connect_timeout{2'000};
    Duration command_timeout{2'000};
};

struct OpenedStateStore {
    std::unique_ptr<StateStore> store;
    // Non-empty when the store is not the one asked for (fallback); the caller prints it.
    std::string warning;
};

// Opens the store `url` names. `clock` must outlive the store. Errors: invalid_input for a
// malformed URL; unavailable when the backend cannot be reached; io/unsupported for a damaged
// or too-new SQLite file (never silently recreated).
Result<OpenedStateStore> open_state_store(std::string_view url, const Clock& clock,
                                          const StateOpenOptions& options = {});

}  // namespace lifeline::state
