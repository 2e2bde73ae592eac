// HashiCorp Vault KV v2: one secret holding <field>, <field>_pending and <field>_previous.
// Every write is a check-and-set against the version just read, so a concurrent writer makes
// the write fail (and it is retried on the new version) instead of being overwritten.
#include "api_client.hpp"
#include "issuers_impl.hpp"
#include "store.hpp"

namespace lifeline::rotate {

namespace {

constexpr int k_cas_attempts = 3;

class VaultStore final : public SecretStore {
  public:
    VaultStore(const StoreSpec& spec, Context& context, bool insecure)
        : m_spec(spec), m_context(context), m_api(context.http, "Vault", insecure) {}

    std::string describe() const override {
        return "vault " + m_spec.api_url + " " + m_spec.mount + "/" + m_spec.path + "#" +
               m_spec.field;
    }
    bool readable() const override { return true; }

    Result<std::optional<secret::Secret>> read_current() override { return field(m_spec.field); }
    Result<std::optional<secret::Secret>> read_pending() override {
        return field(m_spec.field + "_pending");
    }
    Status write_pending(const secret::Secret& key, const std::string&) override {
        return modify([&](Json& data) {
            data[m_spec.field + "_pending"] = std::string(key.reveal());
            return true;
        });
    }
    Status promote(const secret::Secret& key, const std::string&) override {
        return modify([&](Json& data) {
            const std::string current = json_string(data, m_spec.field);
            const bool has_pending = data.contains(m_spec.field + "_pending");
            if (current == key.reveal() && !has_pending)
                return false;
            if (!current.empty() && current != key.reveal())
                data[m_spec.field + "_previous"] = current;
            data[m_spec.field] = std::string(key.reveal());
            data.erase(m_spec.field + "_pending");
            return true;
        });
    }
    Status clear_pending() override {
        return modify([&](Json& data) { return data.erase(m_spec.field + "_pending") > 0; });
    }
    Status restore_current(const secret::Secret& key) override {
        return modify([&](Json& data) {
            data[m_spec.field] = std::string(key.reveal());
            return true;
        });
    }

  private:
    struct Snapshot {
        Json data = Json::object();
        int64_t version = 0;  // 0: the secret does not exist yet (cas 0 creates it)
    };

    std::string url() const {
        return m_spec.api_url + "/v1/" + m_spec.mount + "/data/" + m_spec.path;
    }

    Result<http::Headers> headers() {
        const secret::Secret token = LIFELINE_TRY(credential_from_env(m_context, m_spec.token_env));
        http::Headers headers{{"X-Vault-Token", std::string(token.reveal())}};
        if (!m_spec.namespace_.empty())
            headers.push_back({"X-Vault-Namespace", m_spec.namespace_});
        return headers;
    }
    Result<ApiResponse> send(const std::string& method, const std::string& url,
                             const std::optional<Json>& body = {}) {
        const http::Headers auth = LIFELINE_TRY(headers());
        return m_api.call(method, url, auth, body);
    }

    Result<Snapshot> read() {
        ApiResponse response = LIFELINE_TRY(send("GET", url()));
        if (response.status == 404)
            return Snapshot{};
        if (!response.ok())
            return fail(m_api.status_error("read " + m_spec.path, response));
        const Json outer = response.body.value("data", Json::object());
        Snapshot snapshot;
        const Json inner = outer.value("data", Json::object());
        if (inner.is_object())
            snapshot.data = inner;
        const Json metadata = outer.value("metadata", Json::object());
        if (metadata.is_object() && metadata.contains("version") && metadata["version"].is_number())
            snapshot.version = metadata["version"].get<int64_t>();
        // A deleted (soft) latest version reads as data null: cas must still name its version.
        return snapshot;
    }

    Result<std::optional<secret::Secret>> field(const std::string& name) {
        Snapshot snapshot = LIFELINE_TRY(read());
        std::string value = json_string(snapshot.data, name);
        if (value.empty())
            return std::optional<secret::Secret>{};
        return std::optional<secret::Secret>(secret::Secret(std::move(value)));
    }

    // Read-modify-write with cas; `change` returns false when nothing needs writing.
    template <typename Change>
    Status modify(Change change) {
        for (int attempt = 1;; ++attempt) {
            Snapshot snapshot = LIFELINE_TRY(read());
            if (!change(snapshot.data))
                return {};
            Json body = {{"options", {{"cas", snapshot.version}}}, {"data", snapshot.data}};
            ApiResponse response = LIFELINE_TRY(send("POST", url(), body));
            if (response.ok())
                return {};
            const bool cas_lost = response.status == 400 &&
                                  response.body.dump().find("check-and-set") != std::string::npos;
            if (!cas_lost || attempt == k_cas_attempts)
                return fail(cas_lost ? make_error(ErrorCode::conflict,
                                                  "Vault: write " + m_spec.path +
                                                      ": another writer kept winning check-and-set")
                                     : m_api.status_error("write " + m_spec.path, response));
        }
    }

    StoreSpec m_spec;
    Context& m_context;
    ApiClient m_api;
};

}  // namespace

std::unique_ptr<SecretStore> make_vault_store(const StoreSpec& spec, Context& context,
                                              bool allow_insecure_loopback) {
    return std::make_unique<VaultStore>(spec, context, allow_insecure_loopback);
}

}  // namespace lifeline::rotate
