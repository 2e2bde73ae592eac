#pragma once
// Cross-vendor review: the vendors a review must not be written by, and why. pick-provider,
// run-with-failover and failover-proxy apply the same rule (decide_route), so all three choose
// the same reviewer for the same author.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/util/result.hpp>

namespace lifeline::routing {

struct VendorRule {
    // The author's vendors, sorted and unique. "unknown" among them means part of the author's
    // output came from a model nobody can name: then no candidate is provably different.
    std::vector<std::string> avoid;
    // Who the author is, for reasons: "run 3f9c..." and/or "--avoid-vendor".
    std::string author;
    // --review-fallback same-vendor: when every usable candidate shares an author's vendor,
    // warn and keep them instead of choosing none.
    bool allow_same_vendor = false;

    // False = no review constraint at all.
    bool active() const { return !avoid.empty(); }
};

// Parses "openai,anthropic" (--avoid-vendor, X-Lifeline-Avoid-Vendor, the `vendors` output):
// trimmed, lower-cased, duplicates dropped, empty items skipped. Errors (invalid_input, naming
// `what`): an item that is no vendor name (config::is_vendor_name).
Result<std::vector<std::string>> parse_vendor_list(std::string_view text, std::string_view what);

// Parses --review-fallback: "fail" (the default: choose none) or "same-vendor". Errors
// (invalid_input) name the flag and the two values.
Result<bool> parse_review_fallback(std::string_view text);

// Adds `vendors` to `rule.avoid`, keeping it sorted and unique, and `source` to rule.author.
void add_avoided(VendorRule& rule, const std::vector<std::string>& vendors,
                 const std::string& source);

// Why a candidate of `vendor` may not review under `rule`; "" when it may (or the rule is
// inactive). An unknown vendor never counts as different; an unknown author vendor makes every
// candidate unprovable.
std::string vendor_violation(const std::string& vendor, const VendorRule& rule);

}  // namespace lifeline::routing
