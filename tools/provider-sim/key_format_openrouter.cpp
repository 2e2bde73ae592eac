// OpenRouter's provisioning-key API (/api/v1/keys): each key is {"data": {hash, name, label,
// disabled, limit, limit_remaining, usage, created_at, updated_at}}.
#include "key_formats.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

namespace {

json key_data(const ManagedKey& key) {
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

class OpenRouterKeys final : public KeyFormat {
  public:
    const char* value_prefix() const override { return "sk-or-v1-"; }
    const char* id_prefix() const override { return ""; }
    json key(const ManagedKey& key) const override { return {{"data", key_data(key)}}; }
    json list(const std::vector<ManagedKey>& keys) const override {
        json data = json::array();
        for (const ManagedKey& key : keys) {
            data.push_back(key_data(key));
        }
        return {{"data", data}};
    }
    int created_status() const override { return 201; }
    json created(const ManagedKey& key) const override {
        json body = {{"data", key_data(key)}};
        body["key"] = key.value;
        return body;
    }
    json deleted(const std::string&) const override { return {{"deleted", true}}; }
};

}  // namespace

const KeyFormat& openrouter_key_format() {
    static const OpenRouterKeys format;
    return format;
}

}  // namespace provider_sim
