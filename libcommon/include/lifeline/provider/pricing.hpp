#pragma once
// The one cost formula: what a request's usage costs at a model's prices. budget-check,
// run-with-failover's ledger rows and probe-endpoint's cost all price tokens here, so the
// cost_usd one tool writes is the cost the others would compute.

#include <lifeline/config/model.hpp>
#include <lifeline/provider/generation.hpp>

namespace lifeline::provider {

// USD per 1M tokens, for each kind of token a provider bills.
struct TokenPrices {
    double input = 0;        // prompt tokens neither read from nor written to a cache
    double output = 0;       // completion tokens, reasoning included
    double cache_write = 0;  // prompt tokens written to a cache
    double cache_read = 0;   // prompt tokens served from a cache
};

// The prices of a configured model: cache reads at `cached_input` (the input price when the
// config gives none); cache writes at the input price, x1.25 for anthropic providers (Anthropic
// bills 5-minute cache writes at 1.25 times input).
TokenPrices token_prices(const config::Price& price, config::ProviderKind kind);

// USD for `usage` at `prices`. Usage::input_tokens includes cache reads and cache writes (its
// definition), so the uncached rest is input - cached - written, never below 0.
double cost_usd(const Usage& usage, const TokenPrices& prices);

}  // namespace lifeline::provider
