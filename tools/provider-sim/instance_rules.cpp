// Turning a matched rule into a planned response: errors in the family's shape, or the normal
// answer bent into a fault (delivered late, in drips, cut, stalled, malformed, oversized, or
// with an error inside the 200 stream). One function per kind of fault.
#include <algorithm>
#include <functional>

#include "instance_turn.hpp"
#include "sse.hpp"

namespace provider_sim {

using lifeline::FailureClass;

namespace {

// What a fault's branch reads. `normal(reply)` answers the request as if no rule had matched,
// with `reply` (nullptr = the scenario's) as the inference answer.
struct FaultCall {
    const Rule& rule;
    Family family;
    ErrorSpec spec;
    const InferenceRequest* inference;  // nullptr: not an inference request
    const ReplyIds& ids;
    const ResponseMeta& meta;
    std::function<SimResponse(const Reply*)> normal;
};

ErrorSpec spec_of(const Rule& rule, const std::string& model) {
    ErrorSpec spec;
    spec.failure_class = rule.failure_class;
    spec.status = rule.status;
    spec.message = rule.message;
    spec.retry_after = rule.retry_after;
    spec.model = model;
    return spec;
}

// The rule's scripted reply, or nullptr for the scenario's.
const Reply* rule_reply(const Rule& rule) {
    return rule.reply ? &*rule.reply : nullptr;
}

// A JSON text cut in the middle of a string value: every JSON parser must reject it.
std::string malformed(const std::string& json_text) {
    size_t cut = std::max<size_t>(json_text.size() / 2, 1);
    return json_text.substr(0, cut) + "\"\xE2\x80";
}

SimResponse error_fault(const FaultCall& call) {
    // Gemini blocks a prompt with a 200 and promptFeedback unless the rule asks for a status.
    if (call.family == Family::gemini && call.inference &&
        call.rule.failure_class == FailureClass::content_filtered && call.rule.status == 0) {
        return gemini_blocked_reply(*call.inference, call.ids);
    }
    return error_response(call.family, call.spec, call.meta);
}

SimResponse hang_fault(const FaultCall& call) {
    SimResponse response;
    response.delivery.hang = true;
    response.delivery.hang_for = call.rule.hang_for;
    return response;
}

// none, slow_drip, stream_cut and stall: the normal answer with the rule's delivery timing.
SimResponse timing_fault(const FaultCall& call) {
    SimResponse response = call.normal(rule_reply(call.rule));
    const FaultKind kind = call.rule.kind;
    if (kind == FaultKind::slow_drip) {
        response.delivery.drip_interval = call.rule.drip_interval;
    }
    if (kind == FaultKind::stream_cut || kind == FaultKind::stall) {
        response.delivery.cut_after = call.rule.cut_after;
    }
    if (kind == FaultKind::stall) {
        response.delivery.stall_for = call.rule.hang_for;
    }
    return response;
}

SimResponse malformed_fault(const FaultCall& call) {
    SimResponse response = call.normal(rule_reply(call.rule));
    if (response.streaming && !response.events.empty()) {
        // A broken event after the first one: the stream itself stays well-framed.
        response.events.insert(
            response.events.begin() + 1,
            sse_data(malformed(R"({"id":"x","choices":[{"delta":{"content":"broken)")));
    } else {
        response.body = malformed(response.body);
    }
    return response;
}

// An answer of rule.body_bytes 'x's: the scenario's reply as text for inference, else a
// padded empty list.
SimResponse oversized_fault(const FaultCall& call, const Reply& scenario_reply) {
    Reply big = scenario_reply;
    big.text.assign(static_cast<size_t>(call.rule.body_bytes), 'x');
    big.tool_name.reset();
    if (call.inference) {
        return success_response(*call.inference, big, call.ids, call.meta);
    }
    SimResponse response = call.normal(nullptr);
    response.body = R"({"object":"list","data":[],"padding":")" + big.text + "\"}";
    return response;
}

// A 200 stream cut after rule.cut_after events (keeping at least the terminal one out) and
// ending in the API's in-stream error; requests that do not stream get the plain error.
SimResponse stream_error_fault(const FaultCall& call) {
    const InferenceRequest* inference = call.inference;
    if (!inference || !inference->stream ||
        (inference->api == Api::gemini_generate && !inference->gemini_sse)) {
        return error_response(call.family, call.spec, call.meta);
    }
    SimResponse response = call.normal(rule_reply(call.rule));
    const size_t keep =
        std::min<size_t>(static_cast<size_t>(std::max<int64_t>(call.rule.cut_after, 0)),
                         response.events.empty() ? 0 : response.events.size() - 1);
    response.events.resize(keep);
    response.events.push_back(in_stream_error_event(*inference, call.spec, call.ids, call.meta));
    response.status = 200;
    return response;
}

SimResponse fault_response(const FaultCall& call, const Reply& scenario_reply) {
    switch (call.rule.kind) {
        case FaultKind::error:
            return error_fault(call);
        case FaultKind::hang:
            return hang_fault(call);
        case FaultKind::none:
        case FaultKind::slow_drip:
        case FaultKind::stream_cut:
        case FaultKind::stall:
            return timing_fault(call);
        case FaultKind::malformed_json:
            return malformed_fault(call);
        case FaultKind::oversized_body:
            return oversized_fault(call, scenario_reply);
        case FaultKind::stream_error:
            return stream_error_fault(call);
    }
    return {};
}

}  // namespace

SimResponse Instance::apply_rule(const Rule& rule, const SimRequest& request, const Route& route,
                                 Turn& turn) {
    const Duration delay = effective_delay(rule, m_random);
    const std::string model = turn.inference ? turn.inference->model : route.model;
    auto normal = [&](const Reply* override_reply) {
        if (!turn.inference) {
            return route.endpoint == Endpoint::models_list || route.endpoint == Endpoint::model_get
                       ? models_api(route, turn)
                       : key_api(request, route, turn);
        }
        if (override_reply) {
            return success_response(*turn.inference, *override_reply, turn.ids, turn.meta);
        }
        return inference(request, route, turn);
    };
    const FaultCall call{rule,
                         route.family,
                         spec_of(rule, model),
                         turn.inference ? &*turn.inference : nullptr,
                         turn.ids,
                         turn.meta,
                         normal};
    SimResponse response = fault_response(call, m_scenario.reply);
    response.delivery.delay = delay;
    if (rule.kind == FaultKind::error) {
        response.note = lifeline::to_string(rule.failure_class);
    } else if (rule.kind != FaultKind::none) {
        response.note = to_string(rule.kind);
    }
    return response;
}

}  // namespace provider_sim
