#include "redis_client.hpp"

#include <cstdlib>

#include <hiredis/hiredis.h>

#include <lifeline/util/sigpipe_guard.hpp>

namespace lifeline::state {
namespace {

timeval to_timeval(Duration duration) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(duration.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
    return tv;
}

// hiredis writes with write(2): a peer that died would turn the next write into a SIGPIPE
// that kills the tool. Each call runs under a lifeline::SigpipeGuard.

RedisReply copy_reply(const redisReply* reply) {
    RedisReply out;
    switch (reply->type) {
        case REDIS_REPLY_INTEGER:
            out.type = RedisReply::Type::integer;
            out.integer = reply->integer;
            break;
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
        case REDIS_REPLY_ERROR:
            out.type = RedisReply::Type::string;
            out.text.assign(reply->str, reply->len);
            break;
        case REDIS_REPLY_ARRAY:
            out.type = RedisReply::Type::array;
            for (std::size_t i = 0; i < reply->elements; ++i) {
                out.elements.push_back(copy_reply(reply->element[i]));
            }
            break;
        default:
            break;
    }
    return out;
}

}  // namespace

double RedisReply::number() const {
    if (type == Type::integer) {
        return static_cast<double>(integer);
    }
    return text.empty() ? 0.0 : std::strtod(text.c_str(), nullptr);
}

Result<std::unique_ptr<RedisClient>> RedisClient::connect(const StateUrl& url,
                                                          Duration connect_timeout,
                                                          Duration command_timeout) {
    std::unique_ptr<RedisClient> client(new RedisClient(url, connect_timeout, command_timeout));
    LIFELINE_TRY_VOID(client->ensure_connected());
    return client;
}

RedisClient::~RedisClient() {
    drop_connection();
}

void RedisClient::drop_connection() {
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
}

Error RedisClient::connection_error(const std::string& what) {
    std::string detail = m_context && m_context->errstr[0] ? m_context->errstr : "no connection";
    if (detail == "Server closed the connection" || detail.empty()) {
        detail = "the server closed the connection";
    }
    return make_error(ErrorCode::unavailable, "state store " + m_url.redacted() + " (" +
                                                  m_url.host + ":" + std::to_string(m_url.port) +
                                                  ") unreachable while " + what + ": " + detail);
}

Status RedisClient::ensure_connected() {
    if (m_context && m_context->err == 0) {
        return {};
    }
    drop_connection();
    SigpipeGuard guard;
    m_context =
        redisConnectWithTimeout(m_url.host.c_str(), m_url.port, to_timeval(m_connect_timeout));
    if (!m_context || m_context->err) {
        Error error = connection_error("connecting");
        drop_connection();
        return fail(std::move(error));
    }
    redisSetTimeout(m_context, to_timeval(m_command_timeout));
    if (!m_url.password.empty()) {
        std::vector<std::string> auth = {"AUTH"};
        if (!m_url.user.empty()) {
            auth.push_back(m_url.user);
        }
        auth.push_back(m_url.password);
        if (auto reply = raw_command(auth); !reply) {
            drop_connection();
            // The server's message ("WRONGPASS ...") never contains the password itself.
            return fail(ErrorCode::unavailable,
                        "state store " + m_url.redacted() +
                            ": authentication failed: " + reply.error().message);
        }
    }
    if (m_url.database != 0) {
        if (auto reply = raw_command({"SELECT", std::to_string(m_url.database)}); !reply) {
            drop_connection();
            return fail(reply.error());
        }
    }
    return {};
}

Result<RedisReply> RedisClient::raw_command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const std::string& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    SigpipeGuard guard;
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(m_context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (!reply) {
        // The context is unusable after an I/O error or timeout; reconnect on the next call.
        Error error = connection_error("running " + args.front());
        if (m_context && m_context->err == REDIS_ERR_IO &&
            std::string(m_context->errstr).find("temporarily unavailable") != std::string::npos) {
            error.code = ErrorCode::timeout;
        }
        drop_connection();
        return fail(std::move(error));
    }
    RedisReply copied = copy_reply(reply);
    const bool is_error = reply->type == REDIS_REPLY_ERROR;
    freeReplyObject(reply);
    if (is_error) {
        const bool busy =
            copied.text.rfind("LOADING", 0) == 0 || copied.text.rfind("BUSY", 0) == 0 ||
            copied.text.rfind("NOAUTH", 0) == 0 || copied.text.rfind("WRONGPASS", 0) == 0;
        return fail(
            busy ? ErrorCode::unavailable : ErrorCode::io,
            "state store " + m_url.redacted() + ": " + args.front() + " failed: " + copied.text);
    }
    return copied;
}

Result<RedisReply> RedisClient::command(const std::vector<std::string>& args) {
    LIFELINE_TRY_VOID(ensure_connected());
    return raw_command(args);
}

Result<RedisReply> RedisClient::eval(const std::string& script,
                                     const std::vector<std::string>& keys,
                                     const std::vector<std::string>& args) {
    LIFELINE_TRY_VOID(ensure_connected());
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto sha = m_script_shas.find(script);
        if (sha == m_script_shas.end()) {
            RedisReply loaded = LIFELINE_TRY(raw_command({"SCRIPT", "LOAD", script}));
            sha = m_script_shas.emplace(script, loaded.text).first;
        }
        std::vector<std::string> call = {"EVALSHA", sha->second, std::to_string(keys.size())};
        call.insert(call.end(), keys.begin(), keys.end());
        call.insert(call.end(), args.begin(), args.end());
        auto reply = raw_command(call);
        // A restarted or flushed server forgets loaded scripts: load again once.
        if (!reply && reply.error().message.find("NOSCRIPT") != std::string::npos) {
            m_script_shas.erase(sha);
            continue;
        }
        return reply;
    }
    return fail(ErrorCode::io, "state store " + m_url.redacted() + ": script could not be loaded");
}

}  // namespace lifeline::state
