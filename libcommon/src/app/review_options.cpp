#include <string>

#include <CLI/CLI.hpp>

#include <lifeline/app/review_options.hpp>

namespace lifeline::app {

void add_review_options(CLI::App& app, routing::ReviewFlags& flags, std::string_view on_fail) {
    app.add_option("--review-of", flags.review_of,
                   "cross-vendor review: avoid every vendor with successful output in this run "
                   "(run id or session of an earlier run-with-failover, read from the state "
                   "store)");
    app.add_option("--avoid-vendor", flags.avoid_vendor,
                   "cross-vendor review: avoid these vendors (openai,anthropic; e.g. the author "
                   "step's `vendors` output)");
    app.add_option("--review-fallback", flags.review_fallback,
                   "when every usable candidate shares the author's vendor: fail (" +
                       std::string(on_fail) + ") or same-vendor (warn and use it anyway)")
        ->capture_default_str();
}

}  // namespace lifeline::app
