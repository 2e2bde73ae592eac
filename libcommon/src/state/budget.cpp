#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include <lifeline/state/budget.hpp>
#include <lifeline/util/os_random.hpp>

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
    // Straight from the kernel on every call: nothing to re-seed after fork(), so a child can
    // never repeat its parent's ids.
    char text[17];
    std::snprintf(text, sizeof text, "%016" PRIx64, os_random_u64());
    return text;
}

std::string make_reservation_id(const std::string& bucket) {
    return random_token() + ":" + bucket;
}

std::optional<std::string> reservation_bucket(const std::string& reservation_id) {
    const auto colon = reservation_id.find(':');
    // The '@' must be the bucket's own ("<name>@<window start>"), not one in the token.
    if (colon != 16 || reservation_id.size() <= colon + 1 ||
        reservation_id.find('@', colon + 1) == std::string::npos) {
        return std::nullopt;
    }
    return reservation_id.substr(colon + 1);
}

}  // namespace lifeline::state
