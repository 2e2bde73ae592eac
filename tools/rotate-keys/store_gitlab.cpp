// GitLab CI/CD variables (project or group): NAME is current, NAME_PENDING pending. Variables
// are written masked and protected as configured; GitLab keeps no history, so there is no
// previous slot.
#include <cctype>

#include "api_client.hpp"
#include "issuers_impl.hpp"
#include "store.hpp"

namespace lifeline::rotate {

namespace {

std::string url_encode(std::string_view text) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

class GitLabStore final : public SecretStore {
  public:
    GitLabStore(const StoreSpec& spec, Context& context, bool insecure)
        : m_spec(spec), m_context(context), m_api(context.http, "GitLab", insecure) {}

    std::string describe() const override {
        return "gitlab " +
               (m_spec.project.empty() ? "group " + m_spec.group : "project " + m_spec.project) +
               " variable " + m_spec.name;
    }
    bool readable() const override { return true; }
    Result<std::optional<secret::Secret>> read_current() override { return get(m_spec.name); }
    Result<std::optional<secret::Secret>> read_pending() override {
        return get(m_spec.name + "_PENDING");
    }
    Status write_pending(const secret::Secret& key, const std::string&) override {
        return put(m_spec.name + "_PENDING", key);
    }
    Status promote(const secret::Secret& key, const std::string&) override {
        auto current = LIFELINE_TRY(read_current());
        if (!current || !(*current == key))
            LIFELINE_TRY_VOID(put(m_spec.name, key));
        return clear_pending();
    }
    Status clear_pending() override {
        ApiResponse response = LIFELINE_TRY(send("DELETE", variable_url(m_spec.name + "_PENDING")));
        if (response.ok() || response.status == 404)
            return {};
        return fail(m_api.status_error("delete " + m_spec.name + "_PENDING", response));
    }
    Status restore_current(const secret::Secret& key) override { return put(m_spec.name, key); }

  private:
    std::string collection_url() const {
        return m_spec.api_url +
               (m_spec.project.empty() ? "/groups/" + url_encode(m_spec.group)
                                       : "/projects/" + url_encode(m_spec.project)) +
               "/variables";
    }
    std::string variable_url(const std::string& key) const {
        std::string url = collection_url() + "/" + key;
        if (!m_spec.project.empty())
            url += "?filter%5Benvironment_scope%5D=" + url_encode(m_spec.environment_scope);
        return url;
    }
    Result<http::Headers> headers() {
        const secret::Secret token = LIFELINE_TRY(credential_from_env(m_context, m_spec.token_env));
        return http::Headers{{"PRIVATE-TOKEN", std::string(token.reveal())}};
    }
    Result<ApiResponse> send(const std::string& method, const std::string& url,
                             const std::optional<Json>& body = {}) {
        const http::Headers auth = LIFELINE_TRY(headers());
        return m_api.call(method, url, auth, body);
    }

    Result<std::optional<secret::Secret>> get(const std::string& key) {
        ApiResponse response = LIFELINE_TRY(send("GET", variable_url(key)));
        if (response.status == 404)
            return std::optional<secret::Secret>{};
        if (!response.ok())
            return fail(m_api.status_error("read " + key, response));
        std::string value = json_string(response.body, "value");
        if (value.empty())
            return std::optional<secret::Secret>{};
        return std::optional<secret::Secret>(secret::Secret(std::move(value)));
    }

    // Updates the variable, creating it when GitLab does not know it yet.
    Status put(const std::string& key, const secret::Secret& value) {
        Json body = {{"value", std::string(value.reveal())},
                     {"masked", m_spec.masked},
                     {"protected", m_spec.protect},
                     {"variable_type", "env_var"}};
        ApiResponse response = LIFELINE_TRY(send("PUT", variable_url(key), body));
        if (response.status == 404) {
            body["key"] = key;
            if (!m_spec.project.empty())
                body["environment_scope"] = m_spec.environment_scope;
            response = LIFELINE_TRY(send("POST", collection_url(), body));
        }
        if (!response.ok())
            return fail(m_api.status_error("write " + key, response));
        return {};
    }

    StoreSpec m_spec;
    Context& m_context;
    ApiClient m_api;
};

}  // namespace

std::unique_ptr<SecretStore> make_gitlab_store(const StoreSpec& spec, Context& context,
                                               bool allow_insecure_loopback) {
    return std::make_unique<GitLabStore>(spec, context, allow_insecure_loopback);
}

}  // namespace lifeline::rotate
