#pragma once
// Prices in USD per 1M tokens: the table shipped with budget-check (prices.yaml, embedded at
// build time, each figure citing its source) overlaid by lifeline.yaml `models: <m>: price:`.
// A model with no price is unpriced: its tokens are reported, its cost is not invented.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <lifeline/config/model.hpp>
#include <lifeline/provider/pricing.hpp>
#include <lifeline/util/result.hpp>

#include "usage.hpp"

namespace lifeline::budget {

// The four prices of libcommon's one cost formula (provider/pricing.hpp), and their source.
struct ModelPrice : provider::TokenPrices {
    std::string source;  // where the figures come from (a URL, or "lifeline.yaml")
};

class PriceTable {
  public:
    // Parses a table in prices.yaml's format. ErrorCode::config located in the text.
    static Result<PriceTable> parse(std::string_view yaml, const std::string& source_name);
    // The embedded prices.yaml.
    static Result<PriceTable> shipped();
    // The text of the embedded prices.yaml.
    static std::string_view shipped_text();

    // Prices from `config` replace the shipped ones: each priced model under its name and its
    // upstream id, read by provider::token_prices (cached_input missing: cache reads at the
    // input price; cache writes at the input price, x1.25 for anthropic providers).
    void apply_config(const config::Config& config);
    // Sets one entry.
    void set(const std::string& model, ModelPrice price);

    // The price of a model id as a log names it; nullopt when unpriced (see prices.yaml for
    // the matching rules).
    std::optional<ModelPrice> find(std::string_view model) const;

    std::size_t size() const { return m_prices.size(); }

  private:
    std::map<std::string, ModelPrice, std::less<>> m_prices;
};

// USD for `tokens` at `price`: provider::cost_usd on to_usage(tokens).
double cost_of(const ModelPrice& price, const TokenCounts& tokens);

}  // namespace lifeline::budget
