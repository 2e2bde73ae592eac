#pragma once
// The cross-vendor review flags (--review-of, --avoid-vendor, --review-fallback), declared the
// same way by pick-provider, run-with-failover and failover-proxy.
// routing::review_author_from_flags turns what they hold into the author to avoid.

#include <string_view>

#include <lifeline/routing/review_author.hpp>

namespace CLI {
class App;
}

namespace lifeline::app {

// Adds the three review flags to `app`, stored in `flags` as given (parsed later).
// `on_fail` says what --review-fallback fail means for the tool ("exit 1", or "the request
// gets an error" for the proxy).
void add_review_options(CLI::App& app, routing::ReviewFlags& flags,
                        std::string_view on_fail = "exit 1");

}  // namespace lifeline::app
