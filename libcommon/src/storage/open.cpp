#include <lifeline/storage/backends.hpp>
#include <lifeline/storage/open.hpp>

namespace lifeline::state {
namespace {

Result<std::unique_ptr<StateStore>> open_parsed(const StateUrl& url, const Clock& clock,
                                                const StateOpenOptions& options) {
    switch (url.backend) {
        case StateBackend::memory:
            return make_memory_store(clock);
        case StateBackend::sqlite:
            return open_sqlite_store(url, clock, options);
        case StateBackend::redis:
            return open_redis_store(url, clock, options);
    }
    return fail(ErrorCode::internal, "unknown state backend");
}

}  // namespace

Result<OpenedStateStore> open_state_store(std::string_view url, const Clock& clock,
                                          const StateOpenOptions& options) {
    const StateUrl parsed = LIFELINE_TRY(parse_state_url(url));
    auto store = open_parsed(parsed, clock, options);
    if (store) {
        return OpenedStateStore{std::move(store).value(), ""};
    }
    // Only an unreachable Redis falls back: a damaged SQLite file or a bad URL must be fixed,
    // not papered over with another store.
    if (parsed.backend != StateBackend::redis || !options.fallback_to_local ||
        store.error().code != ErrorCode::unavailable) {
        return fail(std::move(store).error());
    }
    const StateUrl local = LIFELINE_TRY(parse_state_url(options.local_url));
    if (local.backend == StateBackend::redis) {
        return fail(ErrorCode::invalid_input, "the local fallback state store must not be Redis");
    }
    auto fallback = open_parsed(local, clock, options);
    if (!fallback) {
        return fail(
            ErrorCode::unavailable,
            store.error().message + "; the local fallback failed too: " + fallback.error().message);
    }
    return OpenedStateStore{std::move(fallback).value(),
                            store.error().message + "; using the local state store " +
                                local.redacted() +
                                " instead (state is not shared with other "
                                "runners)"};
}

}  // namespace lifeline::state
