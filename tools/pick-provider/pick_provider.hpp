#pragma once
// The pick-provider tool: CLI options, their validation, and run() — build the candidates of a
// lane (or --chain, or an imported Codex config), learn their health, decide, and hand the
// decision on as a status document, shell variables, GitHub outputs or agent configuration.

#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/routing/decision.hpp>
#include <lifeline/routing/review_author.hpp>
#include <lifeline/util/result.hpp>

#include "agent_emit.hpp"

namespace CLI {
class App;
}

namespace pick_provider {

inline constexpr lifeline::ToolInfo k_tool{
    "pick-provider", "Choose the provider and model for a task, with a fallback chain and reasons"};

struct Options {
    lifeline::app::CommonOptions common;
    std::string lane;                          // --lane code
    std::vector<std::string> chain;            // --chain m1,m2
    int64_t min_context = 0;                   // --min-context N
    std::vector<std::string> needs;            // --need tools,responses
    std::vector<std::string> deny;             // --deny-jurisdiction US
    std::string region;                        // --region eu
    std::string max_price;                     // --max-price IN/OUT
    std::string strategy = "ordered";          // --strategy
    std::optional<std::string> probe_results;  // --probe-results FILE
    bool probe = false;                        // --probe
    std::string probe_timeout = "10s";         // --probe-timeout
    bool no_state = false;                     // --no-state
    std::string emit;                       // --emit codex-profile|codex-args|claude-env|gemini-env
    std::optional<std::string> codex_home;  // --codex-home DIR
    std::string profile_name = "lifeline";  // --profile-name NAME
    std::optional<std::string> codex_config;  // --codex-config FILE
    std::string stream_idle_timeout = "5m";   // --stream-idle-timeout
    std::optional<std::string> via;           // --via URL: a running failover-proxy
    lifeline::routing::ReviewFlags review;    // --review-of, --avoid-vendor, --review-fallback
};

void setup_cli(CLI::App& app, Options& options);

// The flags that do not need the config, checked: strategy, emit kind, prices, durations,
// capability names, mutually exclusive sources, --via (needs --emit and --lane, a URL, and no
// flag that only shapes a decision: the proxy decides per request). ErrorCode::invalid_input
// naming the flag.
struct Settings {
    lifeline::routing::Strategy strategy = lifeline::routing::Strategy::ordered;
    std::optional<EmitKind> emit;
    lifeline::routing::Constraints constraints;  // from the flags only
    lifeline::Duration probe_timeout{10'000};
    lifeline::Duration stream_idle_timeout{300'000};
    std::optional<std::string> via_url;  // --via, checked and without a trailing '/'
    // --review-of / --avoid-vendor / --review-fallback, parsed (the run is looked up later).
    lifeline::routing::ReviewAuthor review;
};
lifeline::Result<Settings> parse_settings(const Options& options);

// Exit codes: 0 a candidate was chosen (with --via: the configuration was emitted); 1 none is
// usable (every reason listed; also when every usable candidate shares the reviewed author's
// vendor); 2 bad flags, config or input file, a review lane without an author, or a
// --review-of run the store has no successful attempt of.
int run(const Options& options, lifeline::Context& context);

}  // namespace pick_provider
