#include <lifeline/probe/probe_plan.hpp>

namespace lifeline::probe {

using lifeline::config::ProviderKind;
namespace provider = lifeline::provider;

std::string PlannedProbe::model_name() const {
    if (target->model != nullptr && (needs_model(kind) || target->per_model))
        return target->model->name;
    return {};
}

ProbePlan plan_probes(const std::vector<Target>& targets, const std::vector<ProbeKind>& kinds) {
    ProbePlan plan;
    for (const Target& target : targets) {
        for (ProbeKind kind : kinds) {
            const std::string reason = unsupported_reason(kind, *target.provider, target.model);
            if (!reason.empty()) {
                plan.skipped.push_back(
                    {target.name, target.provider->name,
                     target.model != nullptr && target.per_model ? target.model->name : "",
                     to_string(kind), reason});
                continue;
            }
            PlannedProbe probe{&target, kind, provider::WireApi::chat_completions};
            if (needs_model(kind))
                probe.api = provider::native_wire_api(*target.provider, target.model);
            plan.probes.push_back(probe);
        }
    }
    return plan;
}

provider::GenerateOptions generate_options(ProbeKind kind) {
    provider::GenerateOptions options;
    options.stream = kind == ProbeKind::stream;
    options.force_tool = kind == ProbeKind::tools;
    // A forced tool call needs room for the call's name and JSON arguments.
    options.max_tokens = kind == ProbeKind::tools ? 64 : 16;
    return options;
}

lifeline::http::HttpRequest build_probe_request(const PlannedProbe& probe,
                                                const lifeline::secret::Secret* credential) {
    const lifeline::config::ProviderConfig& config = *probe.target->provider;
    if (probe.kind == ProbeKind::key && config.kind == ProviderKind::openrouter) {
        if (auto request = provider::build_key_info_request(config, credential))
            return std::move(request).value();
    }
    if (!needs_model(probe.kind))
        return provider::build_models_request(config, credential);
    const lifeline::config::ModelConfig& model = *probe.target->model;
    return provider::build_generate_request(config, probe.api, model.upstream_id(),
                                            generate_options(probe.kind), credential);
}

}  // namespace lifeline::probe
