#include "price_table.hpp"

#include <lifeline/config/yaml_reader.hpp>

namespace lifeline::budget {

extern const std::string_view k_shipped_prices_yaml;

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// "-20250514...", "-2024-08-06...", "@20250514": a dated snapshot of the model before it.
bool is_date_suffix(std::string_view rest) {
    if (rest.size() < 9 || (rest[0] != '-' && rest[0] != '@'))
        return false;
    auto digits_at = [&](std::size_t from, std::size_t count) {
        if (rest.size() < from + count)
            return false;
        for (std::size_t i = from; i < from + count; ++i) {
            if (!is_digit(rest[i]))
                return false;
        }
        return true;
    };
    const bool compact = digits_at(1, 8);
    const bool dashed = digits_at(1, 4) && rest.size() >= 11 && rest[5] == '-' && digits_at(6, 2) &&
                        rest[8] == '-' && digits_at(9, 2);
    return compact || dashed;
}

std::string_view bare_model(std::string_view model) {
    const auto slash = model.rfind('/');
    if (slash != std::string_view::npos)
        model.remove_prefix(slash + 1);
    const auto bedrock = model.find("anthropic.");
    if (bedrock != std::string_view::npos)
        model.remove_prefix(bedrock + 10);
    return model;
}

}  // namespace

Result<PriceTable> PriceTable::parse(std::string_view yaml, const std::string& source_name) {
    const auto root = LIFELINE_TRY(config::parse_yaml(yaml, source_name));
    LIFELINE_TRY_VOID(root.check_keys({"sources", "models"}));
    std::map<std::string, std::string> sources;
    if (const auto node = root.get("sources"))
        sources = LIFELINE_TRY(node->as_string_map());
    PriceTable table;
    const auto models = root.get("models");
    if (!models)
        return table;
    for (const auto& entry : LIFELINE_TRY(models->entries())) {
        const auto& node = entry.value;
        LIFELINE_TRY_VOID(
            node.check_keys({"input", "output", "cache_write", "cache_read", "source"}));
        ModelPrice price;
        const auto input = LIFELINE_TRY(node.require("input"));
        const auto output = LIFELINE_TRY(node.require("output"));
        price.input = LIFELINE_TRY(input.as_double());
        price.output = LIFELINE_TRY(output.as_double());
        price.cache_write = price.input;
        price.cache_read = price.input;
        if (const auto v = node.get("cache_write"))
            price.cache_write = LIFELINE_TRY(v->as_double());
        if (const auto v = node.get("cache_read"))
            price.cache_read = LIFELINE_TRY(v->as_double());
        const auto source_node = LIFELINE_TRY(node.require("source"));
        const std::string source = LIFELINE_TRY(source_node.as_string());
        const auto known = sources.find(source);
        price.source = known != sources.end() ? known->second : source;
        if (price.input < 0 || price.output < 0 || price.cache_write < 0 || price.cache_read < 0)
            return fail(node.error("prices must not be negative"));
        table.m_prices[entry.key] = std::move(price);
    }
    return table;
}

std::string_view PriceTable::shipped_text() {
    return k_shipped_prices_yaml;
}

Result<PriceTable> PriceTable::shipped() {
    return parse(k_shipped_prices_yaml, "prices.yaml");
}

void PriceTable::set(const std::string& model, ModelPrice price) {
    m_prices[model] = std::move(price);
}

void PriceTable::apply_config(const config::Config& config) {
    for (const auto& model : config.models) {
        if (!model.price)
            continue;
        ModelPrice price;
        const config::ProviderConfig* owner = config.find_provider(model.provider);
        static_cast<provider::TokenPrices&>(price) = provider::token_prices(
            *model.price, owner ? owner->kind : config::ProviderKind::openai_compatible);
        price.source = config.source;
        set(model.name, price);
        if (!model.id.empty() && model.id != model.name)
            set(model.id, price);
    }
}

std::optional<ModelPrice> PriceTable::find(std::string_view model) const {
    for (const std::string_view name : {model, bare_model(model)}) {
        if (const auto it = m_prices.find(name); it != m_prices.end())
            return it->second;
    }
    // A dated snapshot: the longest entry followed by a date.
    const std::string_view bare = bare_model(model);
    std::optional<ModelPrice> best;
    std::size_t best_length = 0;
    for (const auto& [name, price] : m_prices) {
        if (name.size() > best_length && bare.size() > name.size() &&
            bare.compare(0, name.size(), name) == 0 && is_date_suffix(bare.substr(name.size()))) {
            best = price;
            best_length = name.size();
        }
    }
    return best;
}

double cost_of(const ModelPrice& price, const TokenCounts& tokens) {
    return provider::cost_usd(to_usage(tokens), price);
}

}  // namespace lifeline::budget
