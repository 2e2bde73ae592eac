// Connecting to the Redis backend.
#include "redis_store.hpp"

#include <lifeline/storage/backends.hpp>

#include "redis_client.hpp"

namespace lifeline::state {

Result<std::unique_ptr<StateStore>> open_redis_store(const StateUrl& url, const Clock& clock,
                                                     const StateOpenOptions& options) {
    auto client =
        LIFELINE_TRY(RedisClient::connect(url, options.connect_timeout, options.command_timeout));
    return std::unique_ptr<StateStore>(std::make_unique<RedisStore>(std::move(client), url, clock));
}

}  // namespace lifeline::state
