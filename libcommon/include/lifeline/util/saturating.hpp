#pragma once
// Sums of counts read from untrusted records (ledger rows, agents' logs): a count near int64's
// limit saturates the sum instead of overflowing it (undefined behaviour).

#include <cstdint>
#include <limits>

namespace lifeline {

// a + b, clamped to int64's range.
constexpr int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum = 0;
    if (!__builtin_add_overflow(a, b, &sum))
        return sum;
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

// Adds `b` to `a` in place, saturating.
constexpr int64_t& saturating_add_to(int64_t& a, int64_t b) {
    return a = saturating_add(a, b);
}

}  // namespace lifeline
