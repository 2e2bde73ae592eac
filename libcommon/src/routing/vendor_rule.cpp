#include <algorithm>

#include <lifeline/config/vendor.hpp>
#include <lifeline/routing/vendor_rule.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

namespace {

std::string lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

Result<std::vector<std::string>> parse_vendor_list(std::string_view text, std::string_view what) {
    std::vector<std::string> vendors;
    for (const std::string& item : split_list(text)) {
        std::string vendor = lower(std::string(trim(item)));
        if (vendor.empty())
            continue;
        if (!config::is_vendor_name(vendor)) {
            return fail(ErrorCode::invalid_input,
                        std::string(what) + " \"" + std::string(text) + "\": \"" + vendor +
                            "\" is not a vendor name (e.g. openai, anthropic, google, deepseek)");
        }
        vendor = config::canonical_vendor(vendor);
        if (!contains(vendors, vendor))
            vendors.push_back(std::move(vendor));
    }
    return vendors;
}

Result<bool> parse_review_fallback(std::string_view text) {
    if (text.empty() || text == "fail")
        return false;
    if (text == "same-vendor")
        return true;
    return fail(ErrorCode::invalid_input,
                "--review-fallback \"" + std::string(text) + "\": expected fail or same-vendor");
}

void add_avoided(VendorRule& rule, const std::vector<std::string>& vendors,
                 const std::string& source) {
    for (const std::string& vendor : vendors) {
        if (!contains(rule.avoid, vendor))
            rule.avoid.push_back(vendor);
    }
    std::sort(rule.avoid.begin(), rule.avoid.end());
    if (!source.empty())
        rule.author = rule.author.empty() ? source : rule.author + " and " + source;
}

std::string vendor_violation(const std::string& vendor, const VendorRule& rule) {
    if (!rule.active())
        return "";
    const std::string of = rule.author.empty() ? "" : " of " + rule.author;
    if (contains(rule.avoid, config::k_unknown_vendor)) {
        return "the author's vendor is unknown (part of the output" + of +
               " came from an unknown vendor): no reviewer is provably different";
    }
    if (vendor.empty() || vendor == config::k_unknown_vendor)
        return "vendor unknown: cannot be shown to differ from the author's (" +
               join(rule.avoid, ",") + ")";
    if (contains(rule.avoid, vendor))
        return "same vendor as the author" + of + " (" + vendor + ")";
    return "";
}

}  // namespace lifeline::routing
