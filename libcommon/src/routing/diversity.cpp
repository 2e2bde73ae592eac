#include <algorithm>
#include <set>

#include <lifeline/routing/diversity.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

namespace {

std::string upper(const std::string& text) {
    std::string result = text;
    for (char& c : result) {
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    return result;
}

}  // namespace

std::vector<std::string> chain_jurisdictions(const std::vector<RouteCandidate>& chain) {
    std::set<std::string> seen;
    for (const RouteCandidate& route : chain) {
        if (!route.provider.jurisdiction.empty())
            seen.insert(upper(route.provider.jurisdiction));
    }
    return {seen.begin(), seen.end()};
}

std::string apply_diversity(std::vector<RouteCandidate>& chain,
                            config::PolicyConfig::Diversity diversity) {
    if (diversity != config::PolicyConfig::Diversity::require_two_jurisdictions || chain.empty())
        return "";

    const std::vector<std::string> spanned = chain_jurisdictions(chain);
    if (spanned.size() < 2) {
        std::string have = spanned.empty() ? "no known jurisdiction" : "only " + spanned.front();
        return "policy.diversity require-two-jurisdictions cannot be met: the usable chain (" +
               std::to_string(chain.size()) + " candidate" + (chain.size() == 1 ? "" : "s") +
               ") spans " + have +
               "; one legal or regional shutdown takes every fallback down with the first";
    }

    // The first fallback is the one that runs when the first candidate is gone; it is the one
    // that must be elsewhere. An unknown jurisdiction cannot be shown to differ.
    const std::string first = upper(chain.front().provider.jurisdiction);
    auto differs = [&](const RouteCandidate& route) {
        const std::string other = upper(route.provider.jurisdiction);
        return !other.empty() && other != first;
    };
    if (first.empty())
        return "";  // the head's jurisdiction is unknown: nothing to differ from; keep the order
    if (chain.size() >= 2 && differs(chain[1]))
        return "";
    auto other = std::find_if(chain.begin() + 1, chain.end(), differs);
    std::rotate(chain.begin() + 1, other, other + 1);
    return "";
}

}  // namespace lifeline::routing
