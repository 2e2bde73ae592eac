// OpenAI's admin API keys (/v1/organization/admin_api_keys): organization.admin_api_key
// objects owned by a service account, with a redacted value.
#include "key_formats.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

namespace {

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

class OpenAiAdminKeys final : public KeyFormat {
  public:
    const char* value_prefix() const override { return "sk-admin-"; }
    const char* id_prefix() const override { return "key_"; }
    json key(const ManagedKey& key) const override { return admin_key_object(key); }
    json list(const std::vector<ManagedKey>& keys) const override {
        json data = json::array();
        for (const ManagedKey& key : keys) {
            data.push_back(admin_key_object(key));
        }
        return {{"object", "list"},
                {"data", data},
                {"has_more", false},
                {"first_id", data.empty() ? json(nullptr) : data.front()["id"]},
                {"last_id", data.empty() ? json(nullptr) : data.back()["id"]}};
    }
    int created_status() const override { return 200; }
    json created(const ManagedKey& key) const override {
        json body = admin_key_object(key);
        body["value"] = key.value;
        return body;
    }
    json deleted(const std::string& id) const override {
        return {{"object", "organization.admin_api_key.deleted"}, {"id", id}, {"deleted", true}};
    }
};

}  // namespace

const KeyFormat& openai_admin_key_format() {
    static const OpenAiAdminKeys format;
    return format;
}

}  // namespace provider_sim
