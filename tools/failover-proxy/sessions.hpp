#pragma once
// Per-session memory shared by every request: which candidate a session moved to (so its next
// turns stay there while it is healthy, instead of flipping vendors turn by turn) and the
// tokens it has used (for budget.session_tokens). Thread-safe; forgets sessions idle for an
// hour.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace failover_proxy {

class Sessions {
  public:
    // The model a session is pinned to in `lane`; nullopt when it stays on the lane's order.
    std::optional<std::string> pinned(const std::string& session, const std::string& lane);
    // The session's turn succeeded on `model`; `first_choice` = the lane's first candidate
    // (a success there unpins the session).
    void succeeded(const std::string& session, const std::string& lane, const std::string& model,
                   bool first_choice);
    // The candidate the session was pinned to failed: back to the lane's order.
    void unpin(const std::string& session, const std::string& lane);

    void add_tokens(const std::string& session, int64_t tokens);
    int64_t tokens(const std::string& session);

  private:
    struct Entry {
        std::map<std::string, std::string> pinned;  // lane -> model
        int64_t tokens = 0;
        std::chrono::steady_clock::time_point seen;
    };
    Entry& touch(const std::string& session);

    std::mutex m_mutex;
    std::map<std::string, Entry> m_sessions;
    std::chrono::steady_clock::time_point m_last_sweep;
};

}  // namespace failover_proxy
