// The non-inference endpoints: model listings in each family's shape, OpenRouter's key info
// and key-management API, and OpenAI's admin API keys.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "instance_turn.hpp"

namespace provider_sim {

using lifeline::FailureClass;
using json = nlohmann::ordered_json;

std::vector<std::string> listed_models(const Scenario& scenario, Family family) {
    if (!scenario.models.empty()) {
        return scenario.models;
    }
    switch (family) {
        case Family::anthropic:
            return {"claude-sonnet-4-6", "claude-haiku-4-5"};
        case Family::gemini:
            return {"gemini-3-1-pro", "gemini-3-flash"};
        case Family::openrouter:
            return {"openai/gpt-5.5", "anthropic/claude-sonnet-4-6", "deepseek/deepseek-v4"};
        default:
            return {"gpt-5.5", "gpt-5.5-mini"};
    }
}

namespace {

json model_object(Family family, const std::string& id, int64_t context_window) {
    switch (family) {
        case Family::anthropic:
            return {{"type", "model"},
                    {"id", id},
                    {"display_name", id},
                    {"created_at", "2026-01-15T00:00:00Z"}};
        case Family::gemini:
            return {{"name", "models/" + id},
                    {"version", "001"},
                    {"displayName", id},
                    {"inputTokenLimit", context_window},
                    {"outputTokenLimit", 65536},
                    {"supportedGenerationMethods", {"generateContent", "countTokens"}}};
        case Family::openrouter:
            return {{"id", id},
                    {"name", id},
                    {"created", 1767225600},
                    {"context_length", context_window},
                    {"pricing", {{"prompt", "0.00000125"}, {"completion", "0.00001"}}}};
        default:
            return {
                {"id", id}, {"object", "model"}, {"created", 1767225600}, {"owned_by", "system"}};
    }
}

json openrouter_key_data(const ManagedKey& key) {
    json limit = key.limit ? json(*key.limit) : json(nullptr);
    json remaining = key.limit ? json(*key.limit - key.usage) : json(nullptr);
    return {{"hash", key.hash},
            {"name", key.name},
            {"label", key.value.substr(0, 12) + "..." + key.value.substr(key.value.size() - 3)},
            {"disabled", key.disabled},
            {"limit", limit},
            {"limit_remaining", remaining},
            {"usage", key.usage},
            {"created_at", key.created_at},
            {"updated_at", key.updated_at.empty() ? json(nullptr) : json(key.updated_at)}};
}

json admin_key_object(const ManagedKey& key) {
    return {
        {"object", "organization.admin_api_key"},
        {"id", key.hash},
        {"name", key.name},
        {"redacted_value", key.value.substr(0, 9) + "..." + key.value.substr(key.value.size() - 4)},
        {"created_at", key.created_unix},
        {"last_used_at", nullptr},
        {"owner",
         {{"type", "service_account"},
          {"object", "organization.service_account"},
          {"id", "sa_providersim"},
          {"name", "provider-sim"},
          {"role", "owner"}}}};
}

SimResponse not_found_key(Family family, const ResponseMeta& meta) {
    ErrorSpec spec = make_spec(FailureClass::bad_request, 404, "Key not found");
    SimResponse response = error_response(family, spec, meta);
    response.note = "no_key";
    return response;
}

}  // namespace

SimResponse Instance::models_api(const Route& route, Turn& turn) {
    const auto models = listed_models(m_scenario, route.family);
    const int64_t window = m_scenario.context_window;
    SimResponse response;
    response.note = "ok";
    if (route.endpoint == Endpoint::model_get) {
        std::string id = route.model;
        if (std::find(models.begin(), models.end(), id) == models.end()) {
            ErrorSpec spec = make_spec(FailureClass::model_not_found);
            spec.model = id;
            return error_response(route.family, spec, turn.meta);
        }
        response.body = model_object(route.family, id, window).dump();
        return response;
    }
    json data = json::array();
    for (const auto& id : models) {
        data.push_back(model_object(route.family, id, window));
    }
    json body;
    switch (route.family) {
        case Family::anthropic:
            body = {{"data", data},
                    {"has_more", false},
                    {"first_id", models.front()},
                    {"last_id", models.back()}};
            break;
        case Family::gemini:
            body = {{"models", data}};
            break;
        case Family::openrouter:
            body = {{"data", data}};
            break;
        default:
            body = {{"object", "list"}, {"data", data}};
            break;
    }
    response.body = body.dump();
    if (route.family == Family::openai) {
        response.add_header("x-request-id", turn.meta.request_id);
    }
    return response;
}

SimResponse Instance::key_api(const SimRequest& request, const Route& route, Turn& turn) {
    const bool admin = route.family == Family::admin;
    const std::string now = lifeline::format_rfc3339(turn.meta.now);
    SimResponse response;
    response.note = "ok";
    if (route.endpoint == Endpoint::key_info) {
        const std::string key = extract_key(route.family, request);
        json limit = m_scenario.credit_limit ? json(*m_scenario.credit_limit) : json(nullptr);
        double usage = m_scenario.credit_usage;
        json remaining =
            m_scenario.credit_limit ? json(*m_scenario.credit_limit - usage) : json(nullptr);
        for (const ManagedKey& minted : m_keys.list()) {
            if (minted.value == key) {
                limit = minted.limit ? json(*minted.limit) : json(nullptr);
                usage = minted.usage;
                remaining = minted.limit ? json(*minted.limit - usage) : json(nullptr);
            }
        }
        // The label is a masked form of the key, as OpenRouter shows it; never the value.
        const std::string label =
            key.size() > 12 ? key.substr(0, 8) + "..." + key.substr(key.size() - 3) : "sk-...";
        response.body = json{{"data",
                              {{"label", label},
                               {"limit", limit},
                               {"usage", usage},
                               {"limit_remaining", remaining},
                               {"is_free_tier", false},
                               {"is_provisioning_key", false},
                               {"rate_limit", {{"requests", -1}, {"interval", "10s"}}}}}}
                            .dump();
        return response;
    }
    json body = json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
    switch (route.endpoint) {
        case Endpoint::keys_list: {
            json data = json::array();
            for (const ManagedKey& key : m_keys.list()) {
                data.push_back(admin ? admin_key_object(key) : openrouter_key_data(key));
            }
            json list = {{"data", data}};
            if (admin) {
                list = {{"object", "list"},
                        {"data", data},
                        {"has_more", false},
                        {"first_id", data.empty() ? json(nullptr) : data.front()["id"]},
                        {"last_id", data.empty() ? json(nullptr) : data.back()["id"]}};
            }
            response.body = list.dump();
            return response;
        }
        case Endpoint::key_create: {
            if (body.is_discarded() || !body.is_object() || !body.contains("name") ||
                !body["name"].is_string()) {
                ErrorSpec spec = make_spec(FailureClass::bad_request, 400, "name: Required");
                return error_response(route.family, spec, turn.meta);
            }
            std::optional<double> limit;
            if (body.contains("limit") && body["limit"].is_number()) {
                limit = body["limit"].get<double>();
            }
            const ManagedKey& key = m_keys.create(
                admin ? "sk-admin-" : "sk-or-v1-", admin ? "key_" : "",
                body["name"].get<std::string>(), limit, ++m_serial, now, turn.ids.created);
            json created = admin ? admin_key_object(key) : json{{"data", openrouter_key_data(key)}};
            if (admin) {
                created["value"] = key.value;
            } else {
                created["key"] = key.value;
            }
            response.status = admin ? 200 : 201;
            response.body = created.dump();
            response.note = "key_created";
            return response;
        }
        case Endpoint::key_get: {
            const ManagedKey* key = m_keys.find(route.id);
            if (key == nullptr) {
                return not_found_key(route.family, turn.meta);
            }
            response.body = admin ? admin_key_object(*key).dump()
                                  : json{{"data", openrouter_key_data(*key)}}.dump();
            return response;
        }
        case Endpoint::key_update: {
            ManagedKey* key = m_keys.find(route.id);
            if (key == nullptr) {
                return not_found_key(route.family, turn.meta);
            }
            if (body.is_object()) {
                if (body.contains("name") && body["name"].is_string()) {
                    key->name = body["name"].get<std::string>();
                }
                if (body.contains("disabled") && body["disabled"].is_boolean()) {
                    key->disabled = body["disabled"].get<bool>();
                }
                if (body.contains("limit") && body["limit"].is_number()) {
                    key->limit = body["limit"].get<double>();
                }
            }
            key->updated_at = now;
            response.body = json{{"data", openrouter_key_data(*key)}}.dump();
            response.note = "key_updated";
            return response;
        }
        case Endpoint::key_delete: {
            if (!m_keys.remove(route.id)) {
                return not_found_key(route.family, turn.meta);
            }
            response.body = admin ? json{{"object", "organization.admin_api_key.deleted"},
                                         {"id", route.id},
                                         {"deleted", true}}
                                        .dump()
                                  : json{{"deleted", true}}.dump();
            response.note = "key_deleted";
            return response;
        }
        default:
            return not_found_key(route.family, turn.meta);
    }
}

}  // namespace provider_sim
