#include <algorithm>

#include <lifeline/config/vendor.hpp>
#include <lifeline/routing/review_author.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::routing {

namespace {

std::string recorded_or_configured(const state::LedgerEntry& row, const config::Config& config) {
    if (!row.vendor.empty())
        return row.vendor;
    const config::ModelConfig* model = config.find_model(row.model);
    const config::ProviderConfig* provider =
        model ? config.find_provider(model->provider) : nullptr;
    if (!model || !provider || provider->name != row.provider)
        return std::string(config::k_unknown_vendor);
    return config::vendor_of(*model, *provider);
}

}  // namespace

std::vector<std::string> vendors_in_rows(const std::vector<state::LedgerEntry>& rows,
                                         const config::Config& config) {
    std::vector<std::string> vendors;
    for (const state::LedgerEntry& row : rows) {
        if (row.failure || (row.vendor.empty() && row.provider == state::k_proxy_provider))
            continue;
        std::string vendor = recorded_or_configured(row, config);
        if (std::find(vendors.begin(), vendors.end(), vendor) == vendors.end())
            vendors.push_back(std::move(vendor));
    }
    std::sort(vendors.begin(), vendors.end());
    return vendors;
}

Result<std::vector<state::LedgerEntry>> rows_of_run(state::LedgerStore& store,
                                                    const std::string& run) {
    state::LedgerQuery by_run;
    by_run.run_id = run;
    std::vector<state::LedgerEntry> rows = LIFELINE_TRY(store.query_ledger(by_run));
    if (!rows.empty())
        return rows;
    state::LedgerQuery by_session;
    by_session.session = run;
    return store.query_ledger(by_session);
}

Result<ReviewAuthor> review_author_from_flags(const ReviewFlags& flags) {
    ReviewAuthor author;
    author.review_of = std::string(trim(flags.review_of));
    author.avoid_vendors = LIFELINE_TRY(parse_vendor_list(flags.avoid_vendor, "--avoid-vendor"));
    author.allow_same_vendor = LIFELINE_TRY(parse_review_fallback(flags.review_fallback));
    return author;
}

Result<VendorRule> resolve_vendor_rule(const ReviewAuthor& author, state::StateStore* store,
                                       const config::Config& config, const std::string& lane) {
    VendorRule rule;
    rule.allow_same_vendor = author.allow_same_vendor;
    const config::LaneConfig* lane_config = lane.empty() ? nullptr : config.find_lane(lane);
    const bool review_lane = lane_config && lane_config->different_vendor_from_author;
    if (author.review_of.empty() && author.avoid_vendors.empty()) {
        if (review_lane) {
            return fail(ErrorCode::invalid_input,
                        "lane " + lane +
                            " reviews a change (different_vendor_from: author): name the author "
                            "with --review-of RUN or --avoid-vendor VENDOR[,VENDOR]");
        }
        return rule;
    }
    if (!author.review_of.empty()) {
        if (!store) {
            return fail(ErrorCode::unavailable,
                        "--review-of " + author.review_of +
                            ": the state store is unavailable; pass the author step's `vendors` "
                            "output as --avoid-vendor instead");
        }
        const std::vector<std::string> vendors =
            vendors_in_rows(LIFELINE_TRY(rows_of_run(*store, author.review_of)), config);
        if (vendors.empty()) {
            return fail(ErrorCode::invalid_input,
                        "--review-of " + author.review_of + ": no successful attempt of that run " +
                            "or session in " + store->describe() +
                            " (a job on another runner has its own state: pass the author "
                            "step's `vendors` output as --avoid-vendor)");
        }
        add_avoided(rule, vendors, "run " + author.review_of);
    }
    if (!author.avoid_vendors.empty())
        add_avoided(rule, author.avoid_vendors, "--avoid-vendor");
    return rule;
}

}  // namespace lifeline::routing
