#pragma once
// Budgets: reserve before spending, settle with what was spent. Windows are fixed and aligned
// to the Unix epoch (a 24h window is one UTC day), so every process agrees on the bucket.

#include <optional>
#include <string>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::state {

// A named limit, e.g. {"session:abc:tokens", 250000, 0} or {"cost_usd:daily", 50, 24h}.
struct BudgetLimit {
    std::string name;
    double limit = 0.0;
    Duration window{0};  // 0: one window for ever
};

// The answer to reserve(). When granted is false nothing was reserved and id is empty.
struct Reservation {
    bool granted = false;
    std::string id;          // pass to settle() or release()
    double used = 0.0;       // settled + held in the window, after this reservation
    double remaining = 0.0;  // max(0, limit - used)
};

struct BudgetUsage {
    double used = 0.0;  // settled amounts plus unexpired holds
    double limit = 0.0;
    double remaining = 0.0;
    SystemTime window_start{};
    std::optional<SystemTime> window_end;  // nullopt for a window that never ends
};

// The start of the window containing `now` (epoch for window 0).
SystemTime window_start(Duration window, SystemTime now);
// The bucket a limit uses at `now`: "<name>@<window start in unix ms>".
std::string budget_bucket(const BudgetLimit& limit, SystemTime now);
// A fresh reservation id for `bucket`: "<16 hex digits>:<bucket>".
std::string make_reservation_id(const std::string& bucket);
// The bucket inside a reservation id; nullopt when the id is malformed.
std::optional<std::string> reservation_bucket(const std::string& reservation_id);
// The usage of `limit` at `now` when `used` (settled + held) is spent in its current window:
// remaining is max(0, limit - used); window_end is nullopt for a window of 0.
BudgetUsage make_budget_usage(const BudgetLimit& limit, double used, SystemTime now);
// A random 16-hex-digit token (reservation ids, lock owners in tests).
std::string random_token();

}  // namespace lifeline::state
