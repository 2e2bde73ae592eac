#pragma once
// --access-log: one JSON line per client request with operational facts only — request id,
// client API, lane, status, duration, and each attempt's candidate, class, status, time to
// first byte, duration and tokens. Never prompt or reply content, never keys. Thread-safe.

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/result.hpp>

namespace failover_proxy {

struct AttemptRecord {
    std::string candidate;     // "provider/model"
    std::string upstream_api;  // "responses", "chat", "messages", "gemini"
    std::optional<lifeline::FailureClass> failure;
    int status = 0;  // 0: no HTTP response
    double ttfb_ms = 0;
    double duration_ms = 0;
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    bool after_output = false;  // failed after the client had received output
    // The upstream reported no usage (a stream cut or cancelled mid-way): the tokens are the
    // proxy's estimate (input from the request's size, output from the bytes sent).
    bool tokens_estimated = false;
};

struct RequestRecord {
    std::string id;
    std::string time;  // RFC 3339 with milliseconds
    std::string client_api;
    std::string model;  // as the client named it
    std::string lane;
    std::string session;
    bool stream = false;
    int status = 0;
    std::string outcome;  // "ok" or the class the client was given
    double duration_ms = 0;
    double ttfb_ms = 0;
    std::vector<AttemptRecord> attempts;
    std::vector<std::string> notes;  // skipped candidates, dropped tools
};

std::string to_json_line(const RequestRecord& record);

class AccessLog {
  public:
    // Opens `path` for appending ("-" = stderr; "" = no log).
    static lifeline::Result<std::unique_ptr<AccessLog>> open(const std::string& path);
    ~AccessLog();
    void write(const RequestRecord& record);

  private:
    explicit AccessLog(std::FILE* file, bool owned) : m_file(file), m_owned(owned) {}
    std::mutex m_mutex;
    std::FILE* m_file;
    bool m_owned;
};

}  // namespace failover_proxy
