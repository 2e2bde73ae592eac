#pragma once
// A small synchronous Redis client over hiredis: connect/command timeouts, AUTH/SELECT,
// transparent reconnect on the next call after a lost connection, scripts run with EVALSHA
// (loaded on demand). Private to the state module.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <lifeline/state/state_url.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

struct redisContext;

namespace lifeline::state {

// A reply copied out of hiredis. Error replies never reach callers: they become Errors.
struct RedisReply {
    enum class Type { nil, integer, string, array };
    Type type = Type::nil;
    int64_t integer = 0;
    std::string text;  // string and status replies
    std::vector<RedisReply> elements;

    bool is_nil() const { return type == Type::nil; }
    // A number from an integer reply or a numeric string ("12.5"); 0 for nil.
    double number() const;
};

class RedisClient {
  public:
    // Connects and authenticates. unavailable, naming host:port, when that fails.
    static Result<std::unique_ptr<RedisClient>> connect(const StateUrl& url,
                                                        Duration connect_timeout,
                                                        Duration command_timeout);
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    // One command; arguments are binary-safe.
    Result<RedisReply> command(const std::vector<std::string>& args);
    // Runs a Lua script by its SHA1, loading it first when the server does not know it.
    Result<RedisReply> eval(const std::string& script, const std::vector<std::string>& keys,
                            const std::vector<std::string>& args);

  private:
    RedisClient(StateUrl url, Duration connect_timeout, Duration command_timeout)
        : m_url(std::move(url)),
          m_connect_timeout(connect_timeout),
          m_command_timeout(command_timeout) {}
    Status ensure_connected();
    Result<RedisReply> raw_command(const std::vector<std::string>& args);
    Error connection_error(const std::string& what);
    void drop_connection();

    StateUrl m_url;
    Duration m_connect_timeout;
    Duration m_command_timeout;
    redisContext* m_context = nullptr;
    std::map<std::string, std::string> m_script_shas;  // script text -> sha1
};

}  // namespace lifeline::state
