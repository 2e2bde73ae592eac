#include "cache_breakpoints.hpp"

namespace lifeline::translate::detail {

CacheBreakpoints plan_cache_breakpoints(bool has_system,
                                        const std::vector<bool>& cacheable_user_turn) {
    CacheBreakpoints plan;
    plan.system = has_system;
    plan.turns.assign(cacheable_user_turn.size(), false);
    int used = has_system ? 1 : 0;
    for (size_t i = cacheable_user_turn.size(); i-- > 0 && used < k_max_cache_breakpoints;) {
        if (!cacheable_user_turn[i])
            continue;
        plan.turns[i] = true;
        ++used;
    }
    return plan;
}

}  // namespace lifeline::translate::detail
