#pragma once
// Keys minted through the key-management APIs of one instance (OpenRouter /api/v1/keys,
// OpenAI admin_api_keys). Minted keys are valid for inference on the same instance until they
// are deleted or disabled; after that they get 401, like a revoked key at a real provider.
// Not thread-safe: the owning Instance locks around it.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace provider_sim {

struct ManagedKey {
    std::string hash;   // the public handle (OpenRouter hash / OpenAI key id)
    std::string value;  // the secret; shown once, at creation
    std::string name;
    bool disabled = false;
    std::optional<double> limit;  // USD credit limit (OpenRouter); nullopt = unlimited
    double usage = 0.0;
    std::string created_at;  // RFC 3339
    std::string updated_at;  // RFC 3339, empty until the first update
    int64_t created_unix = 0;
};

enum class KeyState {
    unknown,  // never minted here
    valid,    // minted and usable
    revoked,  // minted, then deleted or disabled
};

class KeyStore {
  public:
    // Mints a key whose value starts with `prefix` ("sk-or-v1-", "sk-admin-"). The hash is 64
    // hex digits, or `id_prefix` + 16 when an id prefix is given ("key_..."). `serial` makes
    // value and hash unique and repeatable.
    const ManagedKey& create(const std::string& prefix, const std::string& id_prefix,
                             const std::string& name, std::optional<double> limit, uint64_t serial,
                             const std::string& now_rfc3339, int64_t now_unix);
    KeyState state(const std::string& value) const;
    // nullptr when no live key has that hash.
    ManagedKey* find(const std::string& hash);
    // False when no live key has that hash. The value stays revoked forever.
    bool remove(const std::string& hash);
    // Live keys (deleted ones are gone), oldest first.
    std::vector<ManagedKey> list() const;

  private:
    std::map<std::string, ManagedKey> m_by_hash;
    std::vector<std::string> m_order;
    std::map<std::string, std::string> m_hash_by_value;
    std::vector<std::string> m_deleted_values;
};

}  // namespace provider_sim
