#pragma once
// How each key-management API writes its keys: OpenRouter's /api/v1/keys and OpenAI's
// /v1/organization/admin_api_keys. The endpoints' behaviour is shared (key_api.hpp); only the
// wire shapes differ.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "key_store.hpp"
#include "scenario.hpp"

namespace provider_sim {

class KeyFormat {
  public:
    virtual ~KeyFormat() = default;
    // What a minted key's value starts with ("sk-or-v1-"), and its id ("" = a bare hash).
    virtual const char* value_prefix() const = 0;
    virtual const char* id_prefix() const = 0;
    // One key without its value, as GET .../{id} and PATCH .../{id} answer.
    virtual nlohmann::ordered_json key(const ManagedKey& key) const = 0;
    // The answer of GET on the collection: every live key, oldest first.
    virtual nlohmann::ordered_json list(const std::vector<ManagedKey>& keys) const = 0;
    // The status and body of a created key: the one answer that carries its value.
    virtual int created_status() const = 0;
    virtual nlohmann::ordered_json created(const ManagedKey& key) const = 0;
    // The answer of DELETE .../{id}.
    virtual nlohmann::ordered_json deleted(const std::string& id) const = 0;
};

// OpenRouter's shape: {"data": {...}} objects with a masked label, 201 on create with "key".
const KeyFormat& openrouter_key_format();
// OpenAI's organization.admin_api_key objects, a paged list, 200 on create with "value".
const KeyFormat& openai_admin_key_format();

// The format of the family's key API: OpenAI's for Family::admin, else OpenRouter's.
const KeyFormat& key_format(Family family);

}  // namespace provider_sim
