// Turning a matched rule into a planned response: errors in the family's shape, or the normal
// answer bent into a fault (delivered late, in drips, cut, stalled, malformed, oversized, or
// with an error inside the 200 stream).
#include <algorithm>

#include "instance_turn.hpp"
#include "sse.hpp"

namespace provider_sim {

using lifeline::FailureClass;

namespace {

ErrorSpec spec_of(const Rule& rule, const std::string& model) {
    ErrorSpec spec;
    spec.failure_class = rule.failure_class;
    spec.status = rule.status;
    spec.message = rule.message;
    spec.retry_after = rule.retry_after;
    spec.model = model;
    return spec;
}

// A JSON text cut in the middle of a string value: every JSON parser must reject it.
std::string malformed(const std::string& json_text) {
    size_t cut = std::max<size_t>(json_text.size() / 2, 1);
    return json_text.substr(0, cut) + "\"\xE2\x80";
}

}  // namespace

SimResponse Instance::apply_rule(const Rule& rule, const SimRequest& request, const Route& route,
                                 Turn& turn) {
    const Duration delay = effective_delay(rule, m_random);
    const std::string model = turn.inference ? turn.inference->model : route.model;
    const ErrorSpec spec = spec_of(rule, model);
    const bool is_inference = turn.inference.has_value();
    SimResponse response;

    auto normal = [&](const Reply* override_reply) {
        if (!is_inference) {
            return route.endpoint == Endpoint::models_list || route.endpoint == Endpoint::model_get
                       ? models_api(route, turn)
                       : key_api(request, route, turn);
        }
        if (override_reply) {
            return success_response(*turn.inference, *override_reply, turn.ids, turn.meta);
        }
        return inference(request, route, turn);
    };

    switch (rule.kind) {
        case FaultKind::error:
            if (route.family == Family::gemini && is_inference &&
                rule.failure_class == FailureClass::content_filtered && rule.status == 0) {
                response = gemini_blocked_reply(*turn.inference, turn.ids);
            } else {
                response = error_response(route.family, spec, turn.meta);
            }
            break;
        case FaultKind::hang:
            response.delivery.hang = true;
            response.delivery.hang_for = rule.hang_for;
            break;
        case FaultKind::none:
            response = normal(rule.reply ? &*rule.reply : nullptr);
            break;
        case FaultKind::slow_drip:
            response = normal(rule.reply ? &*rule.reply : nullptr);
            response.delivery.drip_interval = rule.drip_interval;
            break;
        case FaultKind::stream_cut:
            response = normal(rule.reply ? &*rule.reply : nullptr);
            response.delivery.cut_after = rule.cut_after;
            break;
        case FaultKind::stall:
            response = normal(rule.reply ? &*rule.reply : nullptr);
            response.delivery.cut_after = rule.cut_after;
            response.delivery.stall_for = rule.hang_for;
            break;
        case FaultKind::malformed_json:
            response = normal(rule.reply ? &*rule.reply : nullptr);
            if (response.streaming && !response.events.empty()) {
                // A broken event after the first one: the stream itself stays well-framed.
                response.events.insert(
                    response.events.begin() + 1,
                    sse_data(malformed(R"({"id":"x","choices":[{"delta":{"content":"broken)")));
            } else {
                response.body = malformed(response.body);
            }
            break;
        case FaultKind::oversized_body: {
            Reply big = m_scenario.reply;
            big.text.assign(static_cast<size_t>(rule.body_bytes), 'x');
            big.tool_name.reset();
            if (is_inference) {
                response = success_response(*turn.inference, big, turn.ids, turn.meta);
            } else {
                response = normal(nullptr);
                response.body = R"({"object":"list","data":[],"padding":")" + big.text + "\"}";
            }
            break;
        }
        case FaultKind::stream_error:
            if (is_inference && turn.inference->stream &&
                (turn.inference->api != Api::gemini_generate || turn.inference->gemini_sse)) {
                response = normal(rule.reply ? &*rule.reply : nullptr);
                const size_t keep =
                    std::min<size_t>(static_cast<size_t>(std::max<int64_t>(rule.cut_after, 0)),
                                     response.events.empty() ? 0 : response.events.size() - 1);
                response.events.resize(keep);
                response.events.push_back(
                    in_stream_error_event(*turn.inference, spec, turn.ids, turn.meta));
                response.status = 200;
            } else {
                response = error_response(route.family, spec, turn.meta);
            }
            break;
    }
    response.delivery.delay = delay;
    if (rule.kind == FaultKind::error) {
        response.note = lifeline::to_string(rule.failure_class);
    } else if (rule.kind != FaultKind::none) {
        response.note = to_string(rule.kind);
    }
    return response;
}

}  // namespace provider_sim
