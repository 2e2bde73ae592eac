#include "access_log.hpp"

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

namespace failover_proxy {

std::string to_json_line(const RequestRecord& record) {
    nlohmann::json attempts = nlohmann::json::array();
    for (const auto& attempt : record.attempts) {
        attempts.push_back({
            {"candidate", attempt.candidate},
            {"upstream_api", attempt.upstream_api},
            {"class", attempt.failure ? nlohmann::json(lifeline::to_string(*attempt.failure))
                                      : nlohmann::json(nullptr)},
            {"status", attempt.status},
            {"ttfb_ms", attempt.ttfb_ms},
            {"duration_ms", attempt.duration_ms},
            {"input_tokens", attempt.input_tokens},
            {"output_tokens", attempt.output_tokens},
            {"after_output", attempt.after_output},
            {"tokens_estimated", attempt.tokens_estimated},
        });
    }
    nlohmann::json line = {
        {"time", record.time},
        {"request_id", record.id},
        {"client_api", record.client_api},
        {"model", record.model},
        {"lane", record.lane},
        {"session", record.session},
        {"stream", record.stream},
        {"status", record.status},
        {"outcome", record.outcome},
        {"duration_ms", record.duration_ms},
        {"ttfb_ms", record.ttfb_ms},
        {"attempts", std::move(attempts)},
        {"notes", record.notes},
    };
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

lifeline::Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& path) {
    if (path.empty())
        return std::unique_ptr<AccessLog>();
    if (path == "-")
        return std::unique_ptr<AccessLog>(new AccessLog(stderr, false));
    std::FILE* file = std::fopen(path.c_str(), "ae");
    if (file == nullptr) {
        return lifeline::fail(lifeline::ErrorCode::io,
                              "--access-log " + path + ": " + std::strerror(errno));
    }
    return std::unique_ptr<AccessLog>(new AccessLog(file, true));
}

AccessLog::~AccessLog() {
    if (m_owned)
        std::fclose(m_file);
}

void AccessLog::write(const RequestRecord& record) {
    std::string line = to_json_line(record);
    line.push_back('\n');
    std::lock_guard lock(m_mutex);
    std::fwrite(line.data(), 1, line.size(), m_file);
    std::fflush(m_file);
}

}  // namespace failover_proxy
