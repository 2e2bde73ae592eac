// The one cost formula, on usage with cache reads and cache writes.

#include <gtest/gtest.h>

#include <lifeline/provider/pricing.hpp>
#include <lifeline/provider/usage_json.hpp>

namespace lifeline::provider {
namespace {

config::Price sonnet_price() {
    config::Price price;
    price.input = 3;
    price.output = 15;
    price.cached_input = 0.30;
    return price;
}

TEST(Pricing, AnthropicWritesCostOneAndAQuarterTimesInputAndReadsTheCachedPrice) {
    const TokenPrices prices = token_prices(sonnet_price(), config::ProviderKind::anthropic);
    EXPECT_DOUBLE_EQ(prices.cache_write, 3.75);
    EXPECT_DOUBLE_EQ(prices.cache_read, 0.30);
    // Anthropic's own usage object: input_tokens excludes the cache, as Anthropic counts it.
    const auto usage = anthropic_usage(
        nlohmann::json::parse(R"({"input_tokens":1000,"cache_creation_input_tokens":2000,)"
                              R"("cache_read_input_tokens":100000,"output_tokens":500})"));
    ASSERT_TRUE(usage);
    EXPECT_EQ(usage->input_tokens, 103000);
    // 1000 x 3 + 2000 x 3.75 + 100000 x 0.30 + 500 x 15, per million.
    EXPECT_DOUBLE_EQ(cost_usd(*usage, prices), (3000 + 7500 + 30000 + 7500) / 1e6);
}

TEST(Pricing, CachedInputWithoutAPriceCostsTheInputPrice) {
    config::Price price;
    price.input = 1.25;
    price.output = 10;
    const TokenPrices prices = token_prices(price, config::ProviderKind::openai);
    EXPECT_DOUBLE_EQ(prices.cache_read, 1.25);
    EXPECT_DOUBLE_EQ(prices.cache_write, 1.25);
    Usage usage;
    usage.input_tokens = 10'000;  // OpenAI counts cached tokens inside input
    usage.cached_input_tokens = 8'000;
    usage.output_tokens = 1'000;
    EXPECT_DOUBLE_EQ(cost_usd(usage, prices), (10'000 * 1.25 + 1'000 * 10) / 1e6);
}

TEST(Pricing, CachedTokensAreNotBilledTwice) {
    const TokenPrices prices = token_prices(sonnet_price(), config::ProviderKind::openai);
    Usage usage;
    usage.input_tokens = 10'000;
    usage.cached_input_tokens = 8'000;
    // 2000 uncached x 3 + 8000 cached x 0.30: the cached part is not also priced as input.
    EXPECT_DOUBLE_EQ(cost_usd(usage, prices), (2'000 * 3 + 8'000 * 0.30) / 1e6);
}

TEST(Pricing, InconsistentCountsNeverGoNegative) {
    const TokenPrices prices = token_prices(sonnet_price(), config::ProviderKind::openai);
    Usage usage;
    usage.input_tokens = 10;
    usage.cached_input_tokens = 50;  // a provider that reported more cached than input
    EXPECT_DOUBLE_EQ(cost_usd(usage, prices), 50 * 0.30 / 1e6);
}

}  // namespace
}  // namespace lifeline::provider
