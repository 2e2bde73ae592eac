#pragma once
// Who wrote the change under review: the vendors with successful output in a run of the usage
// ledger (--review-of RUN), plus the vendors named outright (--avoid-vendor, or the author
// step's `vendors` output on a runner with its own state). Turned into a VendorRule.

#include <string>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/routing/vendor_rule.hpp>
#include <lifeline/state/ledger.hpp>
#include <lifeline/state/store.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::routing {

// The vendors of the successful rows among `rows`, sorted and unique. A row without a recorded
// vendor is resolved from `config` by its model name (rows written before vendors were
// recorded); run-with-failover's own row for a step run through failover-proxy is skipped (the
// proxy's rows for the step's requests name their vendors); a model the config no longer has
// counts as "unknown". Pure.
std::vector<std::string> vendors_in_rows(const std::vector<state::LedgerEntry>& rows,
                                         const config::Config& config);

// The ledger rows of `run`: its run id, else (none found) its session. Store errors pass on.
Result<std::vector<state::LedgerEntry>> rows_of_run(state::LedgerStore& store,
                                                    const std::string& run);

struct ReviewAuthor {
    std::string review_of;                   // --review-of RUN; "" = none
    std::vector<std::string> avoid_vendors;  // --avoid-vendor, already parsed
    bool allow_same_vendor = false;          // --review-fallback same-vendor
};

// The review flags as given, before parsing; app::add_review_options declares them for
// pick-provider, run-with-failover and failover-proxy alike.
struct ReviewFlags {
    std::string review_of;                 // --review-of RUN (run id or session)
    std::string avoid_vendor;              // --avoid-vendor V[,V]
    std::string review_fallback = "fail";  // --review-fallback fail|same-vendor
};

// The author the flags name: the run trimmed, the vendors parsed (parse_vendor_list), the
// fallback parsed (parse_review_fallback). Errors: invalid_input naming the flag. The run is
// not looked up here (resolve_vendor_rule does that).
Result<ReviewAuthor> review_author_from_flags(const ReviewFlags& flags);

// The rule for choosing from `lane` ("" for an explicit chain). Inactive when no author is
// given and the lane is no review lane. Errors: invalid_input when the lane declares
// different_vendor_from: author and no author is given, or when RUN has no successful row in
// `store` (nullptr = no store: unavailable); the store's own errors otherwise.
Result<VendorRule> resolve_vendor_rule(const ReviewAuthor& author, state::StateStore* store,
                                       const config::Config& config, const std::string& lane);

}  // namespace lifeline::routing
