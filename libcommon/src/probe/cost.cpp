#include <lifeline/probe/cost.hpp>
#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/probe/probe_result.hpp>
#include <lifeline/provider/pricing.hpp>

namespace lifeline::probe {

namespace {

// The probe prompt plus chat framing is ~15 tokens; a forced tool adds its schema (~60).
constexpr int64_t k_prompt_tokens = 15;
constexpr int64_t k_tool_schema_tokens = 60;

int64_t estimated_input(ProbeKind kind) {
    return k_prompt_tokens + (kind == ProbeKind::tools ? k_tool_schema_tokens : 0);
}

int64_t estimated_output(ProbeKind kind) {
    return generate_options(kind).max_tokens;
}

}  // namespace

int64_t estimate_probe_tokens(ProbeKind kind,
                              const std::optional<lifeline::provider::Usage>& usage) {
    if (!needs_model(kind))
        return 0;
    if (usage)
        return usage->total_tokens();
    return estimated_input(kind) + estimated_output(kind);
}

nlohmann::json summarise_cost(const std::vector<ProbeResult>& results,
                              const lifeline::config::Config& config) {
    int64_t input = 0;
    int64_t output = 0;
    int reported = 0;
    int estimated = 0;
    double usd = 0;
    bool priced = true;
    for (const ProbeResult& result : results) {
        if (!needs_model(result.probe) || !result.latency)
            continue;  // never sent, or costs nothing
        const int64_t in =
            result.usage ? result.usage->input_tokens : estimated_input(result.probe);
        const int64_t out =
            result.usage ? result.usage->output_tokens : estimated_output(result.probe);
        input += in;
        output += out;
        ++(result.usage ? reported : estimated);
        const lifeline::config::ModelConfig* model = config.find_model(result.model);
        const lifeline::config::ProviderConfig* provider =
            model ? config.find_provider(model->provider) : nullptr;
        if (model == nullptr || !model->price || provider == nullptr) {
            priced = false;
            continue;
        }
        // The provider's own usage (with its cache split) when it reported one, else estimates.
        lifeline::provider::Usage usage = result.usage.value_or(lifeline::provider::Usage{});
        usage.input_tokens = in;
        usage.output_tokens = out;
        usd += lifeline::provider::cost_usd(
            usage, lifeline::provider::token_prices(*model->price, provider->kind));
    }
    const char* basis = reported + estimated == 0 ? "none"
                        : estimated == 0          ? "reported"
                                                  : "estimated";
    return {{"tokens", input + output},
            {"input_tokens", input},
            {"output_tokens", output},
            {"basis", basis},
            {"usd", priced ? nlohmann::json(usd) : nlohmann::json(nullptr)}};
}

}  // namespace lifeline::probe
