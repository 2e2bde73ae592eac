#pragma once
// The model of lifeline.yaml. Loading and validation live in config/loader.hpp; every value
// here has already been validated (references resolve, durations parse, URLs are http(s)).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/error.hpp>

namespace lifeline::config {

enum class ProviderKind { openai, azure, anthropic, gemini, openrouter, openai_compatible };

// "openai", "azure", "anthropic", "gemini", "openrouter", "openai-compatible".
const char* to_string(ProviderKind kind);
std::optional<ProviderKind> parse_provider_kind(std::string_view text);
std::vector<std::string> all_provider_kind_names();

struct AuthConfig {
    enum class Mode { none, env, command };
    Mode mode = Mode::none;
    std::string env;                   // mode env: the variable's NAME (never its value)
    std::vector<std::string> command;  // mode command: argv of a command printing the token
    Duration refresh{0};               // mode command: reuse the token this long; 0 = every call
    Duration timeout{30'000};          // mode command: give up after this long

    // Where the credential comes from, never its value: "env:OPENAI_API_KEY",
    // "command:az account get-access-token", or "" for mode none.
    std::string source() const;
};

struct ProviderConfig {
    std::string name;  // the key under providers:
    ProviderKind kind = ProviderKind::openai_compatible;
    std::string base_url;     // defaulted per kind when omitted (see default_base_url)
    std::string api_version;  // azure: required; anthropic: the anthropic-version header
    std::map<std::string, std::string> headers;  // extra request headers
    AuthConfig auth;
    std::string jurisdiction;          // e.g. "US", "EU", "CN"; empty = unknown
    std::vector<std::string> regions;  // e.g. ["eu", "us-east"]
    std::vector<std::string> require;  // probe conditions, e.g. "latency_ms < 3000"
    // The vendor of every model this provider serves unless the model names its own (a vLLM
    // serving only Qwen models); "" = from each model's id (config/vendor.hpp).
    std::string vendor;
};

// USD per 1M tokens.
struct Price {
    double input = 0;
    double output = 0;
    std::optional<double> cached_input;
};

struct ModelConfig {
    std::string name;                       // the key under models: (what lanes and flags refer to)
    std::string provider;                   // a key under providers:
    std::string id;                         // the upstream model id; defaults to name
    int64_t context_window = 0;             // tokens; 0 = unknown
    std::optional<Price> price;             // nullopt = unpriced (never counted as $0)
    std::vector<std::string> capabilities;  // tools, responses, streaming, vision, reasoning
    // Who trained the model (openai, anthropic, google, ...); "" = the default from the
    // provider (config::vendor_of in config/vendor.hpp resolves it).
    std::string vendor;

    bool has_capability(std::string_view capability) const;
    // The id sent upstream: `id`, or `name` when the config gave none.
    const std::string& upstream_id() const { return id.empty() ? name : id; }
};

// The capability names a model may list: tools, responses, streaming, vision, reasoning,
// json_mode, prompt_caching. The loader rejects others (with a "did you mean").
const std::vector<std::string>& known_capabilities();

struct LaneConfig {
    std::string name;
    std::vector<std::string> chain;  // model names, in order of preference
    int64_t min_context = 0;         // candidates with a smaller context_window never qualify
    // The lane for the agent's own background calls (Claude Code's small/fast model); empty =
    // this lane.
    std::string background;
    // failover-proxy: a candidate that has not sent its first content token this long after
    // the request was sent is abandoned for the next one, before the client saw anything.
    // 0 = no limit.
    Duration first_token_timeout{0};
    // failover-proxy: no bytes from the upstream for this long = a stalled stream (before the
    // response headers too: a silent upstream). 0 = the proxy's default.
    Duration idle_timeout{0};
    // `different_vendor_from: author`: a review lane. Every tool that picks from it avoids the
    // vendors of the run under review (--review-of / --avoid-vendor, routing/vendor_rule.hpp)
    // and refuses to pick when it is not told who the author is.
    bool different_vendor_from_author = false;

    // `background`, or this lane's name when none is set.
    const std::string& background_lane() const { return background.empty() ? name : background; }
};

// A model name clients may ask for that stands for a lane (failover-proxy, run-with-failover).
// `pattern` is the key under aliases:, an exact name or a glob (`*` any run of characters,
// `?` one character), e.g. "gemini-*-flash-lite*".
struct AliasConfig {
    std::string pattern;
    std::string lane;
};

// What happens after a failure of one class (docs/architecture.md table; config can override).
struct ClassRetryConfig {
    std::optional<int> retries;  // retries on the same candidate
    enum class Then { fallback, stop };
    std::optional<Then> then;          // after the retries: next candidate, or stop
    std::optional<Duration> max_wait;  // a longer wait hint skips to the next candidate
};

// "fallback", "stop".
const char* to_string(ClassRetryConfig::Then then);

struct BackoffConfig {
    Duration initial{1'000};
    Duration max{30'000};
    double multiplier = 2.0;
};

struct RetryConfig {
    int max_attempts = 6;            // one budget for the whole chain (retries + fallbacks)
    Duration deadline{30 * 60'000};  // overall deadline for the chain
    BackoffConfig backoff;
    Duration max_wait{60'000};  // cap on any single wait (Retry-After included)
    std::map<FailureClass, ClassRetryConfig> classes;  // overrides keyed by class
};

struct CostLimits {
    std::optional<double> session;
    std::optional<double> daily;
    std::optional<double> monthly;
};

struct BudgetConfig {
    std::optional<int64_t> session_tokens;
    std::optional<int64_t> request_tokens;
    std::optional<int> max_agent_turns;
    std::optional<int> max_retries_per_request;
    CostLimits cost_usd;
    double soft_threshold = 0.8;  // warn at this fraction of any limit
};

struct PolicyConfig {
    std::vector<std::string> deny_jurisdictions;
    enum class Diversity { none, require_two_jurisdictions };
    Diversity diversity = Diversity::none;
};

// "none", "require-two-jurisdictions".
const char* to_string(PolicyConfig::Diversity diversity);

struct CircuitConfig {
    int consecutive_failures = 3;  // open after this many failures in a row
    double failure_rate = 0.5;     // ... or more than this fraction failed
    Duration window{60'000};       // ... over this window
    int min_calls = 4;             // ... with at least this many calls
    Duration cooldown{30'000};     // open -> half-open after this (or Retry-After if longer)
};

struct StateConfig {
    std::string url = "sqlite://.lifeline/state.db";  // memory:, sqlite://PATH, redis://...
    bool fallback_to_local = false;  // redis unreachable: warn and use the local sqlite store
};

// A user pattern that extends an agent adapter's classifier (run-with-failover).
struct ClassifyPattern {
    std::string pattern;  // ECMAScript regex, matched against the agent's output
    FailureClass failure_class = FailureClass::server_error;
    std::string agent;  // codex|claude|gemini|generic, or empty for all
};

struct Config {
    int version = 1;
    std::string source;  // the file it came from, or "<embedded default>"
    std::vector<ProviderConfig> providers;
    std::vector<ModelConfig> models;
    std::vector<LaneConfig> lanes;
    std::vector<AliasConfig> aliases;  // in file order; exact names win over globs
    // The lane for any model name that is neither a lane, an alias nor a model; empty = such
    // names are unknown (404 from failover-proxy).
    std::string default_lane;
    RetryConfig retry;
    BudgetConfig budget;
    PolicyConfig policy;
    CircuitConfig circuit;
    StateConfig state;
    std::vector<ClassifyPattern> classify;
    // Where each key was written (key path -> file location), for errors found after loading.
    std::map<std::string, SourceLocation> locations;

    const ProviderConfig* find_provider(std::string_view name) const;
    const ModelConfig* find_model(std::string_view name) const;
    const LaneConfig* find_lane(std::string_view name) const;
    // The alias `name` matches: an exact pattern first, else the first glob in file order;
    // nullptr when none.
    const AliasConfig* match_alias(std::string_view name) const;
    // The location of `key_path`, or of the file itself when unknown.
    SourceLocation location_of(const std::string& key_path) const;
};

// The public API base URL a kind uses when base_url is omitted ("" for azure and
// openai-compatible, which must name theirs).
std::string default_base_url(ProviderKind kind);

}  // namespace lifeline::config
