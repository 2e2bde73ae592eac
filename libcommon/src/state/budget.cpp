#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <random>

#include <unistd.h>

#include <lifeline/state/budget.hpp>

namespace lifeline::state {

SystemTime window_start(Duration window, SystemTime now) {
    if (window.count() <= 0) {
        return from_unix_ms(0);
    }
    const int64_t now_ms = to_unix_ms(now);
    const int64_t size = window.count();
    // Floor division, so times before 1970 (only in tests) still land in the right window.
    int64_t start = (now_ms / size) * size;
    if (start > now_ms) {
        start -= size;
    }
    return from_unix_ms(start);
}

std::string budget_bucket(const BudgetLimit& limit, SystemTime now) {
    return limit.name + "@" + std::to_string(to_unix_ms(window_start(limit.window, now)));
}

BudgetUsage make_budget_usage(const BudgetLimit& limit, double used, SystemTime now) {
    BudgetUsage usage;
    usage.used = used;
    usage.limit = limit.limit;
    usage.remaining = std::max(0.0, limit.limit - used);
    usage.window_start = window_start(limit.window, now);
    if (limit.window.count() > 0) {
        usage.window_end = usage.window_start + limit.window;
    }
    return usage;
}

std::string random_token() {
    // One engine per thread, seeded from the OS and re-seeded after fork(): a child must never
    // repeat its parent's sequence, or two processes would hand out the same reservation id.
    struct Engine {
        pid_t pid = -1;
        std::mt19937_64 engine;
    };
    thread_local Engine state;
    if (state.pid != getpid()) {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        state.engine.seed(seed);
        state.pid = getpid();
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016" PRIx64, static_cast<uint64_t>(state.engine()));
    return text;
}

std::string make_reservation_id(const std::string& bucket) {
    return random_token() + ":" + bucket;
}

std::optional<std::string> reservation_bucket(const std::string& reservation_id) {
    const auto colon = reservation_id.find(':');
    if (colon != 16 || reservation_id.size() <= colon + 1 ||
        reservation_id.find('@') == std::string::npos) {
        return std::nullopt;
    }
    return reservation_id.substr(colon + 1);
}

}  // namespace lifeline::state
