// GitHub Actions secrets (repository, environment or organization) over the REST API: fetch
// the public key, seal the value with libsodium, PUT. Secrets cannot be read back, so this
// store is write-only: NAME is current, NAME_PENDING holds a key being rotated in.
#include "api_client.hpp"
#include "issuers_impl.hpp"
#include "sealed_box.hpp"
#include "store.hpp"

namespace lifeline::rotate {

namespace {

class GitHubStore final : public SecretStore {
  public:
    GitHubStore(const StoreSpec& spec, Context& context, bool insecure)
        : m_spec(spec), m_context(context), m_api(context.http, "GitHub", insecure) {}

    std::string describe() const override {
        std::string where = m_spec.organization.empty() ? "repo " + m_spec.repository
                                                        : "org " + m_spec.organization;
        if (!m_spec.environment.empty())
            where += " environment " + m_spec.environment;
        return "github " + where + " secret " + m_spec.name;
    }
    bool readable() const override { return false; }
    Result<std::optional<secret::Secret>> read_current() override { return unreadable(); }
    Result<std::optional<secret::Secret>> read_pending() override { return unreadable(); }
    Status write_pending(const secret::Secret& key, const std::string&) override {
        return put(m_spec.name + "_PENDING", key);
    }
    Status promote(const secret::Secret& key, const std::string&) override {
        LIFELINE_TRY_VOID(put(m_spec.name, key));
        return clear_pending();
    }
    Status clear_pending() override {
        ApiResponse response =
            LIFELINE_TRY(send("DELETE", collection_url() + "/" + m_spec.name + "_PENDING"));
        if (response.ok() || response.status == 404)
            return {};
        return fail(m_api.status_error("delete " + m_spec.name + "_PENDING", response));
    }
    Status restore_current(const secret::Secret& key) override { return put(m_spec.name, key); }

  private:
    static Result<std::optional<secret::Secret>> unreadable() {
        return fail(ErrorCode::unsupported, "GitHub secrets cannot be read back");
    }
    std::string collection_url() const {
        if (!m_spec.organization.empty())
            return m_spec.api_url + "/orgs/" + m_spec.organization + "/actions/secrets";
        if (!m_spec.environment.empty())
            return m_spec.api_url + "/repos/" + m_spec.repository + "/environments/" +
                   m_spec.environment + "/secrets";
        return m_spec.api_url + "/repos/" + m_spec.repository + "/actions/secrets";
    }
    Result<http::Headers> headers() {
        const secret::Secret token = LIFELINE_TRY(credential_from_env(m_context, m_spec.token_env));
        return http::Headers{{"Authorization", "Bearer " + std::string(token.reveal())},
                             {"X-GitHub-Api-Version", "2022-11-28"},
                             {"User-Agent", "lifeline-rotate-keys"}};
    }
    Result<ApiResponse> send(const std::string& method, const std::string& url,
                             const std::optional<Json>& body = {}) {
        const http::Headers auth = LIFELINE_TRY(headers());
        return m_api.call(method, url, auth, body);
    }

    Status put(const std::string& name, const secret::Secret& value) {
        const http::Headers auth = LIFELINE_TRY(headers());
        ApiResponse key = LIFELINE_TRY(m_api.call("GET", collection_url() + "/public-key", auth));
        if (!key.ok())
            return fail(m_api.status_error("get public key", key));
        const std::string key_id = json_string(key.body, "key_id");
        const std::string public_key = json_string(key.body, "key");
        if (key_id.empty() || public_key.empty())
            return fail(ErrorCode::parse, "GitHub: public key answer has no key_id or key");
        const std::string sealed = LIFELINE_TRY(seal_for_github(public_key, value.reveal()));
        Json body = {{"encrypted_value", sealed}, {"key_id", key_id}};
        if (!m_spec.organization.empty())
            body["visibility"] = m_spec.visibility;
        ApiResponse response =
            LIFELINE_TRY(m_api.call("PUT", collection_url() + "/" + name, auth, body));
        if (!response.ok())
            return fail(m_api.status_error("write " + name, response));
        return {};
    }

    StoreSpec m_spec;
    Context& m_context;
    ApiClient m_api;
};

}  // namespace

std::unique_ptr<SecretStore> make_github_store(const StoreSpec& spec, Context& context,
                                               bool allow_insecure_loopback) {
    return std::make_unique<GitHubStore>(spec, context, allow_insecure_loopback);
}

}  // namespace lifeline::rotate
