#include "key_api.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include <lifeline/util/time.hpp>

#include "key_formats.hpp"

namespace provider_sim {

using lifeline::FailureClass;
using json = nlohmann::ordered_json;

namespace {

SimResponse ok(json body, std::string note = "ok", int status = 200) {
    SimResponse response;
    response.status = status;
    response.body = body.dump();
    response.note = std::move(note);
    return response;
}

SimResponse key_not_found(const KeyCall& call) {
    ErrorSpec spec = make_spec(FailureClass::bad_request, 404, "Key not found");
    SimResponse response = error_response(call.route.family, spec, call.meta);
    response.note = "no_key";
    return response;
}

// The request body as JSON; discarded (not an error) when it does not parse.
json request_body(const KeyCall& call) {
    const std::string& body = call.request.body;
    return json::parse(body.empty() ? "{}" : body, nullptr, false);
}

SimResponse list_keys(KeyCall& call) {
    return ok(key_format(call.route.family).list(call.keys.list()));
}

SimResponse create_key(KeyCall& call) {
    const json body = request_body(call);
    if (body.is_discarded() || !body.is_object() || !body.contains("name") ||
        !body["name"].is_string()) {
        ErrorSpec spec = make_spec(FailureClass::bad_request, 400, "name: Required");
        return error_response(call.route.family, spec, call.meta);
    }
    std::optional<double> limit;
    if (body.contains("limit") && body["limit"].is_number()) {
        limit = body["limit"].get<double>();
    }
    const KeyFormat& format = key_format(call.route.family);
    const ManagedKey& key = call.keys.create(
        format.value_prefix(), format.id_prefix(), body["name"].get<std::string>(), limit,
        ++call.serial, lifeline::format_rfc3339(call.meta.now), call.now_unix);
    return ok(format.created(key), "key_created", format.created_status());
}

SimResponse get_key(KeyCall& call) {
    const ManagedKey* key = call.keys.find(call.route.id);
    if (key == nullptr) {
        return key_not_found(call);
    }
    return ok(key_format(call.route.family).key(*key));
}

// Applies the fields the body gives (name, disabled, limit); others stay as they were.
SimResponse update_key(KeyCall& call) {
    ManagedKey* key = call.keys.find(call.route.id);
    if (key == nullptr) {
        return key_not_found(call);
    }
    const json body = request_body(call);
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
    key->updated_at = lifeline::format_rfc3339(call.meta.now);
    return ok(key_format(call.route.family).key(*key), "key_updated");
}

SimResponse delete_key(KeyCall& call) {
    if (!call.keys.remove(call.route.id)) {
        return key_not_found(call);
    }
    return ok(key_format(call.route.family).deleted(call.route.id), "key_deleted");
}

using KeyHandler = SimResponse (*)(KeyCall&);

struct KeyEndpoint {
    Endpoint endpoint;
    KeyHandler handler;
};

constexpr KeyEndpoint k_key_endpoints[] = {
    {Endpoint::key_info, answer_key_info}, {Endpoint::keys_list, list_keys},
    {Endpoint::key_create, create_key},    {Endpoint::key_get, get_key},
    {Endpoint::key_update, update_key},    {Endpoint::key_delete, delete_key},
};

}  // namespace

const KeyFormat& key_format(Family family) {
    return family == Family::admin ? openai_admin_key_format() : openrouter_key_format();
}

SimResponse answer_key_api(KeyCall& call) {
    for (const KeyEndpoint& entry : k_key_endpoints) {
        if (entry.endpoint == call.route.endpoint) {
            return entry.handler(call);
        }
    }
    return key_not_found(call);
}

}  // namespace provider_sim
