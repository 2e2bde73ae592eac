#include <algorithm>

#include <lifeline/provider/pricing.hpp>

namespace lifeline::provider {

namespace {

constexpr double k_anthropic_cache_write_factor = 1.25;
constexpr double k_per_million = 1'000'000.0;

}  // namespace

TokenPrices token_prices(const config::Price& price, config::ProviderKind kind) {
    TokenPrices prices;
    prices.input = price.input;
    prices.output = price.output;
    prices.cache_read = price.cached_input.value_or(price.input);
    prices.cache_write = kind == config::ProviderKind::anthropic
                             ? price.input * k_anthropic_cache_write_factor
                             : price.input;
    return prices;
}

double cost_usd(const Usage& usage, const TokenPrices& prices) {
    const int64_t cache_read = std::max<int64_t>(0, usage.cached_input_tokens);
    const int64_t cache_write = std::max<int64_t>(0, usage.cache_creation_tokens);
    const int64_t uncached = std::max<int64_t>(0, usage.input_tokens - cache_read - cache_write);
    const int64_t output = std::max<int64_t>(0, usage.output_tokens);
    return (static_cast<double>(uncached) * prices.input +
            static_cast<double>(cache_read) * prices.cache_read +
            static_cast<double>(cache_write) * prices.cache_write +
            static_cast<double>(output) * prices.output) /
           k_per_million;
}

}  // namespace lifeline::provider
