#include "instance.hpp"

#include <algorithm>
#include <cstdio>

#include "instance_turn.hpp"
#include "key_api.hpp"
#include "models_api.hpp"

namespace provider_sim {

using lifeline::FailureClass;

Instance::Instance(Scenario scenario, lifeline::Clock& clock)
    : m_clock(clock),
      m_name(scenario.name),
      m_port(scenario.port),
      m_scenario(std::move(scenario)),
      m_random(m_scenario.seed),
      m_started(clock.steady_now()) {}

void Instance::replace_scenario(Scenario scenario) {
    std::lock_guard lock(m_mutex);
    scenario.name = m_name;
    m_scenario = std::move(scenario);
    m_engine = {};
    m_random = RandomSource(m_scenario.seed);
    m_started = m_clock.steady_now();
    m_request_number = 0;
}

std::string Instance::next_suffix() {
    char buffer[40];
    // Unique within the instance and readable in logs; the start time keeps restarts apart.
    std::snprintf(buffer, sizeof buffer, "%010llx%014llx",
                  static_cast<unsigned long long>(lifeline::to_unix_ms(m_clock.now()) / 1000),
                  static_cast<unsigned long long>(++m_serial));
    return buffer;
}

SimResponse Instance::handle(const SimRequest& request) {
    std::lock_guard lock(m_mutex);
    ++m_total;
    ++m_by_path[request.path];
    const Route route = route_request(request);
    Turn turn;
    turn.ids.suffix = next_suffix();
    turn.meta.request_id = "req_" + turn.ids.suffix;
    turn.meta.now = m_clock.now();
    turn.ids.created = lifeline::to_unix_ms(turn.meta.now) / 1000;
    SimResponse response = handle_locked(request, route, turn);
    ++m_by_status[response.delivery.hang ? std::string("hang") : std::to_string(response.status)];
    ++m_by_outcome[response.note];
    return response;
}

bool Instance::authorized_for_management(const std::string& key) const {
    if (!m_scenario.management_keys.empty()) {
        const auto& keys = m_scenario.management_keys;
        return std::find(keys.begin(), keys.end(), key) != keys.end();
    }
    // Minted keys are inference keys; like OpenRouter's, they cannot manage keys.
    if (m_keys.state(key) != KeyState::unknown) {
        return false;
    }
    const auto& keys = m_scenario.keys;
    return keys.empty() || std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool Instance::key_allowed(const Route& route, const std::string& key) const {
    if (key.empty()) {
        return false;
    }
    const bool management =
        route.endpoint == Endpoint::keys_list || route.endpoint == Endpoint::key_create ||
        route.endpoint == Endpoint::key_get || route.endpoint == Endpoint::key_update ||
        route.endpoint == Endpoint::key_delete;
    if (management) {
        return authorized_for_management(key);
    }
    const KeyState state = m_keys.state(key);
    const auto& keys = m_scenario.keys;
    return state == KeyState::valid ||
           (state == KeyState::unknown &&
            (keys.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()));
}

SimResponse Instance::handle_locked(const SimRequest& request, const Route& route, Turn& turn) {
    if (route.endpoint == Endpoint::not_found) {
        ErrorSpec spec = make_spec(FailureClass::bad_request, 404,
                                   "Invalid URL (" + request.method + " " + request.path + ")");
        SimResponse response = error_response(route.family, spec, turn.meta);
        response.note = "no_route";
        return response;
    }
    const std::string key = extract_key(route.family, request);
    if (!key_allowed(route, key)) {
        ErrorSpec auth = make_spec(FailureClass::auth);
        auth.key_missing = key.empty();
        return error_response(route.family, auth, turn.meta);
    }
    if (route.api == Api::messages && route.endpoint == Endpoint::inference &&
        request.header("anthropic-version").empty()) {
        ErrorSpec spec =
            make_spec(FailureClass::bad_request, 400, "anthropic-version: header is required");
        return error_response(Family::anthropic, spec, turn.meta);
    }
    if (route.endpoint == Endpoint::inference) {
        auto parsed = parse_inference_request(route.api, route.family, request, route.model);
        if (!parsed) {
            ErrorSpec spec = make_spec(FailureClass::bad_request);
            return error_response(route.family, spec, turn.meta);
        }
        turn.inference = std::move(parsed).value();
        turn.inference->stream = turn.inference->stream || route.stream;
        m_last_inference_at = turn.meta.now;
        if (!m_first_inference_at) {
            m_first_inference_at = turn.meta.now;
        }
    }
    RequestFacts facts;
    facts.family = route.family;
    facts.path = request.path;
    facts.model =
        turn.inference ? std::string_view(turn.inference->model) : std::string_view(route.model);
    facts.request_number = ++m_request_number;
    facts.elapsed = lifeline::elapsed_between(m_started, m_clock.steady_now());
    if (const Rule* rule = match_rule(m_scenario, facts, m_engine, m_random)) {
        return apply_rule(*rule, request, route, turn);
    }
    if (route.endpoint == Endpoint::inference) {
        return inference(request, route, turn);
    }
    if (route.endpoint == Endpoint::models_list || route.endpoint == Endpoint::model_get) {
        return models_api(route, turn);
    }
    return key_api(request, route, turn);
}

SimResponse Instance::inference(const SimRequest&, const Route& route, Turn& turn) {
    const InferenceRequest& parsed = *turn.inference;
    const auto& models = m_scenario.models;
    if (!models.empty() && std::find(models.begin(), models.end(), parsed.model) == models.end()) {
        ErrorSpec spec = make_spec(FailureClass::model_not_found);
        spec.model = parsed.model;
        return error_response(route.family, spec, turn.meta);
    }
    if (estimate_tokens(parsed.prompt_chars) > m_scenario.context_window) {
        ErrorSpec spec = make_spec(FailureClass::context_exceeded);
        spec.model = parsed.model;
        return error_response(route.family, spec, turn.meta);
    }
    return success_response(parsed, m_scenario.reply, turn.ids, turn.meta);
}

SimResponse Instance::models_api(const Route& route, Turn& turn) {
    return answer_models_api(route, m_scenario, turn.meta);
}

SimResponse Instance::key_api(const SimRequest& request, const Route& route, Turn& turn) {
    KeyCall call{request, route, m_scenario, m_keys, m_serial, turn.meta, turn.ids.created};
    return answer_key_api(call);
}

namespace {

nlohmann::json at_or_null(const std::optional<lifeline::SystemTime>& time) {
    return time ? nlohmann::json(lifeline::format_rfc3339(*time, true)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json Instance::stats() const {
    std::lock_guard lock(m_mutex);
    nlohmann::json fired = nlohmann::json::object();
    for (size_t i = 0; i < m_engine.fired.size() && i < m_scenario.rules.size(); ++i) {
        fired[m_scenario.rules[i].name] = m_engine.fired[i];
    }
    return {
        {"requests", m_total},
        {"by_path", m_by_path},
        {"by_status", m_by_status},
        {"by_outcome", m_by_outcome},
        {"rules_fired", fired},
        {"minted_keys", m_keys.list().size()},
        {"first_inference_at", at_or_null(m_first_inference_at)},
        {"last_inference_at", at_or_null(m_last_inference_at)},
        {"scenario_age_ms", lifeline::elapsed_between(m_started, m_clock.steady_now()).count()}};
}

}  // namespace provider_sim
