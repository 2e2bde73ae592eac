#include <algorithm>
#include <limits>

#include "sections.hpp"

namespace lifeline::config::detail {
namespace {

const std::vector<std::string> k_model_keys = {"provider", "id",           "context_window",
                                               "price",    "capabilities", "vendor"};
const std::vector<std::string> k_price_keys = {"input", "output", "cached_input"};
const std::vector<std::string> k_lane_keys = {"chain",        "min_context",
                                              "background",   "first_token_timeout",
                                              "idle_timeout", "different_vendor_from"};

constexpr int64_t k_max_tokens = std::numeric_limits<int64_t>::max() / 4;

Result<Price> read_price(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys(k_price_keys));
    Price price;
    // Both halves are required: a missing output price would silently count as $0.
    const YamlNode input = LIFELINE_TRY(node.require("input"));
    const YamlNode output = LIFELINE_TRY(node.require("output"));
    price.input = LIFELINE_TRY(read_non_negative(input));
    price.output = LIFELINE_TRY(read_non_negative(output));
    if (const auto cached = node.get("cached_input"))
        price.cached_input = LIFELINE_TRY(read_non_negative(*cached));
    return price;
}

Result<ModelConfig> read_model(const YamlNode::Entry& entry) {
    const YamlNode& node = entry.value;
    ModelConfig model;
    model.name = entry.key;
    if (!node.is_map())
        return fail(
            entry.key_error("expected a map like {provider: openai, context_window: "
                            "400000}, got " +
                            node.kind_name()));
    LIFELINE_TRY_VOID(node.check_keys(k_model_keys));
    const YamlNode provider = LIFELINE_TRY(node.require("provider"));
    model.provider = LIFELINE_TRY(read_non_empty(provider));
    model.id = model.name;
    if (const auto id = node.get("id"))
        model.id = LIFELINE_TRY(read_non_empty(*id));
    if (const auto window = node.get("context_window"))
        model.context_window = LIFELINE_TRY(read_int_in(*window, 0, k_max_tokens));
    if (const auto price = node.get("price"))
        model.price = LIFELINE_TRY(read_price(*price));
    if (const auto capabilities = node.get("capabilities")) {
        for (const YamlNode& item : LIFELINE_TRY(capabilities->items())) {
            const std::string name = LIFELINE_TRY(item.as_string());
            const auto& known = known_capabilities();
            if (std::find(known.begin(), known.end(), name) == known.end())
                return fail(unknown_name(item, "capability", name, known));
            model.capabilities.push_back(name);
        }
    }
    if (const auto vendor = node.get("vendor"))
        model.vendor = LIFELINE_TRY(read_vendor(*vendor));
    return model;
}

// The keys of a lane written as a map, besides its chain. Whether `background` names a lane
// that exists is checked with the other references.
Status read_lane_settings(const YamlNode& node, LaneConfig& lane) {
    if (const auto min_context = node.get("min_context"))
        lane.min_context = LIFELINE_TRY(read_int_in(*min_context, 0, k_max_tokens));
    if (const auto background = node.get("background")) {
        lane.background = LIFELINE_TRY(read_non_empty(*background));
        if (lane.background == lane.name) {
            return fail(background->error("background \"" + lane.background +
                                          "\" names this lane; omit background to use the lane "
                                          "itself"));
        }
    }
    if (const auto timeout = node.get("first_token_timeout"))
        lane.first_token_timeout = LIFELINE_TRY(read_positive_duration(*timeout));
    if (const auto timeout = node.get("idle_timeout"))
        lane.idle_timeout = LIFELINE_TRY(read_positive_duration(*timeout));
    if (const auto from = node.get("different_vendor_from")) {
        // One value today; a key rather than a flag so other references (a named step) fit.
        const std::string text = LIFELINE_TRY(from->as_string());
        if (text != "author")
            return fail(from->error("\"" + text +
                                    "\": expected author (the run under review, named by "
                                    "--review-of or --avoid-vendor)"));
        lane.different_vendor_from_author = true;
    }
    return {};
}

Result<LaneConfig> read_lane(const YamlNode::Entry& entry) {
    LaneConfig lane;
    lane.name = entry.key;
    const YamlNode& node = entry.value;
    const YamlNode* chain = &node;
    std::optional<YamlNode> chain_node;
    if (node.is_map()) {
        LIFELINE_TRY_VOID(node.check_keys(k_lane_keys));
        chain_node = LIFELINE_TRY(node.require("chain"));
        chain = &*chain_node;
        LIFELINE_TRY_VOID(read_lane_settings(node, lane));
    } else if (!node.is_sequence()) {
        return fail(
            entry.key_error("expected a list of models or {chain: [...], min_context: N}"
                            ", got " +
                            node.kind_name()));
    }
    const auto items = LIFELINE_TRY(chain->items());
    if (items.empty())
        return fail(chain->error("lane has no models; list at least one"));
    for (const YamlNode& item : items) {
        std::string name = LIFELINE_TRY(read_non_empty(item));
        if (std::find(lane.chain.begin(), lane.chain.end(), name) != lane.chain.end())
            return fail(item.error("model \"" + name + "\" is listed twice in this lane"));
        lane.chain.push_back(std::move(name));
    }
    return lane;
}

// The node of the chain's item `index`, for errors found after reading.
YamlNode chain_item(const YamlNode& lane_node, size_t index) {
    const YamlNode chain = lane_node.is_map() ? *lane_node.get("chain") : lane_node;
    return (*chain.items())[index];
}

// `background` names a lane that exists. The lane itself is never suggested: read_lane already
// refused it as its own background.
Status check_background(const YamlNode& lane_node, const LaneConfig& lane, const Config& config) {
    if (lane.background.empty() || config.find_lane(lane.background))
        return {};
    std::vector<std::string> others;
    for (const LaneConfig& other : config.lanes) {
        if (other.name != lane.name)
            others.push_back(other.name);
    }
    return fail(unknown_name(*lane_node.get("background"), "lane", lane.background, others));
}

}  // namespace

Status read_models(const YamlNode& node, Config& config) {
    for (const YamlNode::Entry& entry : LIFELINE_TRY(node.entries()))
        config.models.push_back(LIFELINE_TRY(read_model(entry)));
    return {};
}

Status read_lanes(const YamlNode& node, Config& config) {
    for (const YamlNode::Entry& entry : LIFELINE_TRY(node.entries()))
        config.lanes.push_back(LIFELINE_TRY(read_lane(entry)));
    return {};
}

Status validate_references(const YamlNode& root, const Config& config) {
    std::vector<std::string> provider_names;
    for (const ProviderConfig& provider : config.providers)
        provider_names.push_back(provider.name);
    std::vector<std::string> model_names;
    for (const ModelConfig& model : config.models)
        model_names.push_back(model.name);

    for (const ModelConfig& model : config.models) {
        if (!config.find_provider(model.provider)) {
            const YamlNode at = *root.get("models")->get(model.name)->get("provider");
            return fail(unknown_name(at, "provider", model.provider, provider_names));
        }
    }
    for (const LaneConfig& lane : config.lanes) {
        const YamlNode lane_node = *root.get("lanes")->get(lane.name);
        int64_t largest = -1;
        std::string largest_name;
        for (size_t i = 0; i < lane.chain.size(); ++i) {
            const ModelConfig* model = config.find_model(lane.chain[i]);
            if (!model)
                return fail(
                    unknown_name(chain_item(lane_node, i), "model", lane.chain[i], model_names));
            if (model->context_window > largest) {
                largest = model->context_window;
                largest_name = model->name;
            }
        }
        LIFELINE_TRY_VOID(check_background(lane_node, lane, config));
        if (lane.min_context > 0 && largest < lane.min_context) {
            const YamlNode at = *lane_node.get("min_context");
            return fail(at.error(
                "min_context " + std::to_string(lane.min_context) +
                " excludes every model in the lane (largest context_window: " + largest_name +
                " with " + std::to_string(largest) +
                "); lower min_context or add a model with a larger context_window"));
        }
    }
    return {};
}

}  // namespace lifeline::config::detail
