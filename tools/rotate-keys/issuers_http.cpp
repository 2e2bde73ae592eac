// OpenRouter, OpenAI and Anthropic issuers over their management/admin REST APIs.
#include <lifeline/util/strings.hpp>

#include "api_client.hpp"
#include "issuers_impl.hpp"

namespace lifeline::rotate {

Result<secret::Secret> credential_from_env(const Context& context, const std::string& env_name) {
    auto value = context.env.get_non_empty(env_name);
    if (!value)
        return fail(ErrorCode::not_found, env_name + " is not set");
    secret::Secret secret(std::move(*value));
    return secret;
}

namespace {

http::Headers bearer(const secret::Secret& key) {
    return {{"Authorization", "Bearer " + std::string(key.reveal())}};
}

// The data array of a list response; an empty array for anything else.
const Json& list_data(const Json& body) {
    static const Json empty = Json::array();
    if (body.is_object()) {
        auto it = body.find("data");
        if (it != body.end() && it->is_array())
            return *it;
    }
    return empty;
}

// The one id among `items` whose `hint_field` could show `key`.
std::optional<std::string> unique_hint_match(const Json& items, std::string_view hint_field,
                                             std::string_view id_field, const secret::Secret& key) {
    std::optional<std::string> found;
    for (const Json& item : items) {
        if (!hint_matches(json_string(item, hint_field), key.reveal()))
            continue;
        if (found)
            return std::nullopt;  // ambiguous: better unknown than the wrong key revoked
        found = json_string(item, id_field);
    }
    return found;
}

// Base for issuers with a REST client and an admin credential from the environment.
class RestIssuer : public Issuer {
  public:
    RestIssuer(const IssuerSpec& spec, Context& context, std::string what, bool insecure)
        : m_spec(spec), m_context(context), m_api(context.http, std::move(what), insecure) {}

  protected:
    virtual http::Headers auth(const secret::Secret& key) const { return bearer(key); }

    Result<ApiResponse> send(const std::string& method, const std::string& path,
                             const std::optional<Json>& body = {}) {
        const secret::Secret admin =
            LIFELINE_TRY(credential_from_env(m_context, m_spec.admin_key_env));
        return m_api.call(method, m_spec.base_url + path, auth(admin), body);
    }
    // A successful response, or status_error; `missing_ok` turns a 404 into a null body.
    Result<ApiResponse> expect(const std::string& action, const std::string& method,
                               const std::string& path, const std::optional<Json>& body = {},
                               bool missing_ok = false) {
        ApiResponse response = LIFELINE_TRY(send(method, path, body));
        if (missing_ok && response.status == 404)
            return ApiResponse{404, Json(), {}};
        if (!response.ok())
            return fail(m_api.status_error(action, response));
        return response;
    }

    IssuerSpec m_spec;
    Context& m_context;
    ApiClient m_api;
};

class OpenRouterIssuer final : public RestIssuer {
  public:
    OpenRouterIssuer(const IssuerSpec& spec, Context& context, bool insecure)
        : RestIssuer(spec, context, "OpenRouter", insecure) {}

    std::string describe() const override { return "openrouter " + m_spec.base_url; }

    Result<IssuedKey> create_key(const std::string& name) override {
        Json body = {{"name", name}};
        if (m_spec.limit)
            body["limit"] = *m_spec.limit;
        if (!m_spec.limit_reset.empty())
            body["limit_reset"] = m_spec.limit_reset;
        ApiResponse response = LIFELINE_TRY(expect("create key", "POST", "/keys", body));
        std::string value = json_string(response.body, "key");
        const std::string hash = json_string(response.body.value("data", Json::object()), "hash");
        if (value.empty() || hash.empty())
            return fail(ErrorCode::parse, "OpenRouter: create key: answer has no key or hash");
        IssuedKey issued{hash, secret::Secret(std::move(value))};
        wipe_body(response.body);
        return issued;
    }

    Result<std::vector<std::string>> find_named(const std::string& name) override {
        ApiResponse response = LIFELINE_TRY(expect("list keys", "GET", "/keys"));
        std::vector<std::string> ids;
        for (const Json& item : list_data(response.body)) {
            if (json_string(item, "name") == name)
                ids.push_back(json_string(item, "hash"));
        }
        return ids;
    }

    Result<std::optional<std::string>> find_id(const secret::Secret& key) override {
        ApiResponse response = LIFELINE_TRY(expect("list keys", "GET", "/keys"));
        return unique_hint_match(list_data(response.body), "label", "hash", key);
    }

    Status revoke_key(const std::string& id) override {
        if (m_spec.revoke_disables) {
            LIFELINE_TRY(
                expect("disable key", "PATCH", "/keys/" + id, Json{{"disabled", true}}, true));
            return {};
        }
        return discard_key(id);
    }

    Status discard_key(const std::string& id) override {
        LIFELINE_TRY(expect("delete key", "DELETE", "/keys/" + id, std::nullopt, true));
        return {};
    }

  private:
    static void wipe_body(Json& body) {
        if (body.is_object() && body.contains("key") && body["key"].is_string()) {
            std::string& value = body["key"].get_ref<std::string&>();
            std::fill(value.begin(), value.end(), '\0');
        }
    }
};

class OpenAiIssuer final : public RestIssuer {
  public:
    OpenAiIssuer(const IssuerSpec& spec, Context& context, bool insecure)
        : RestIssuer(spec, context, "OpenAI admin API", insecure) {}

    std::string describe() const override {
        return admin_mode()
                   ? "openai admin keys " + m_spec.base_url
                   : "openai project " + m_spec.project + " service accounts " + m_spec.base_url;
    }

    Result<IssuedKey> create_key(const std::string& name) override {
        ApiResponse response =
            LIFELINE_TRY(expect("create key", "POST", collection(), Json{{"name", name}}));
        const Json& body = response.body;
        std::string id = json_string(body, "id");
        std::string value = admin_mode()
                                ? json_string(body, "value")
                                : json_string(body.value("api_key", Json::object()), "value");
        if (id.empty() || value.empty())
            return fail(ErrorCode::parse,
                        "OpenAI admin API: create key: answer has no id or value");
        return IssuedKey{id, secret::Secret(std::move(value))};
    }

    Result<std::vector<std::string>> find_named(const std::string& name) override {
        ApiResponse response =
            LIFELINE_TRY(expect("list keys", "GET", collection() + "?limit=100"));
        std::vector<std::string> ids;
        for (const Json& item : list_data(response.body)) {
            if (json_string(item, "name") == name)
                ids.push_back(json_string(item, "id"));
        }
        return ids;
    }

    Result<std::optional<std::string>> find_id(const secret::Secret& key) override {
        if (admin_mode()) {
            ApiResponse response =
                LIFELINE_TRY(expect("list keys", "GET", collection() + "?limit=100"));
            return unique_hint_match(list_data(response.body), "redacted_value", "id", key);
        }
        // Project API keys name their owner; the service account is what we delete.
        ApiResponse response = LIFELINE_TRY(
            expect("list project keys", "GET",
                   "/organization/projects/" + m_spec.project + "/api_keys?limit=100"));
        std::optional<std::string> found;
        for (const Json& item : list_data(response.body)) {
            if (!hint_matches(json_string(item, "redacted_value"), key.reveal()))
                continue;
            const Json owner = item.value("owner", Json::object());
            const std::string account =
                json_string(owner.value("service_account", Json::object()), "id");
            if (found || account.empty())
                return std::optional<std::string>{};
            found = account;
        }
        return found;
    }

    Status revoke_key(const std::string& id) override {
        LIFELINE_TRY(expect("delete key", "DELETE", collection() + "/" + id, std::nullopt, true));
        return {};
    }

  private:
    bool admin_mode() const { return m_spec.openai_mode == "admin-key"; }
    std::string collection() const {
        return admin_mode() ? "/organization/admin_api_keys"
                            : "/organization/projects/" + m_spec.project + "/service_accounts";
    }
};

class AnthropicIssuer final : public RestIssuer {
  public:
    AnthropicIssuer(const IssuerSpec& spec, Context& context, bool insecure)
        : RestIssuer(spec, context, "Anthropic admin API", insecure) {}

    std::string describe() const override {
        return "anthropic " + m_spec.base_url + " (new key supplied by " +
               (m_spec.new_key_env.empty() ? "command " + m_spec.new_key_command.front()
                                           : "$" + m_spec.new_key_env) +
               ")";
    }

    Result<IssuedKey> create_key(const std::string&) override {
        IssuedKey issued = LIFELINE_TRY(
            obtain_supplied_key(m_context, m_spec.new_key_env, m_spec.new_key_command));
        if (issued.id.empty())
            issued.id = LIFELINE_TRY(find_id(issued.key)).value_or("");
        return issued;
    }

    Result<std::vector<std::string>> find_named(const std::string&) override {
        return std::vector<std::string>{};  // Anthropic keys are not minted here
    }

    Result<std::optional<std::string>> find_id(const secret::Secret& key) override {
        ApiResponse response = LIFELINE_TRY(
            expect("list keys", "GET", "/v1/organizations/api_keys?limit=100&status=active"));
        return unique_hint_match(list_data(response.body), "partial_key_hint", "id", key);
    }

    Status revoke_key(const std::string& id) override {
        LIFELINE_TRY(expect("deactivate key", "POST", "/v1/organizations/api_keys/" + id,
                            Json{{"status", m_spec.anthropic_revoke_status}}, true));
        return {};
    }

  protected:
    http::Headers auth(const secret::Secret& key) const override {
        return {{"x-api-key", std::string(key.reveal())}, {"anthropic-version", "2023-06-01"}};
    }
};

}  // namespace

std::unique_ptr<Issuer> make_openrouter_issuer(const IssuerSpec& spec, Context& context,
                                               bool allow_insecure_loopback) {
    return std::make_unique<OpenRouterIssuer>(spec, context, allow_insecure_loopback);
}

std::unique_ptr<Issuer> make_openai_issuer(const IssuerSpec& spec, Context& context,
                                           bool allow_insecure_loopback) {
    return std::make_unique<OpenAiIssuer>(spec, context, allow_insecure_loopback);
}

std::unique_ptr<Issuer> make_anthropic_issuer(const IssuerSpec& spec, Context& context,
                                              bool allow_insecure_loopback) {
    return std::make_unique<AnthropicIssuer>(spec, context, allow_insecure_loopback);
}

}  // namespace lifeline::rotate
