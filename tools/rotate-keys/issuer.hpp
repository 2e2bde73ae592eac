#pragma once
// Issuers mint and revoke keys: OpenRouter's key-management API, OpenAI's admin API
// (project service accounts or admin keys), Anthropic's admin API (which cannot mint: the new
// key is supplied by hand or by a command) and a user `command`. Every operation is idempotent
// where the protocol needs it: revoking or discarding a key that is already gone succeeds.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/result.hpp>

#include "spec.hpp"

namespace lifeline::rotate {

struct IssuedKey {
    std::string id;  // the issuer's handle (OpenRouter hash, service account id); may be empty
    secret::Secret key;
};

class Issuer {
  public:
    virtual ~Issuer() = default;
    // "openrouter https://openrouter.ai/api/v1" for plans and messages (no secrets).
    virtual std::string describe() const = 0;
    // Mints (or obtains) a new key named `name`.
    virtual Result<IssuedKey> create_key(const std::string& name) = 0;
    // Ids of live keys named `name`: what an interrupted create may have left behind. Empty when
    // the issuer cannot list keys by name.
    virtual Result<std::vector<std::string>> find_named(const std::string& name) = 0;
    // The id of the live key whose value is `key` (matched by the issuer's redacted hint);
    // nullopt when none or several match, or the issuer cannot tell.
    virtual Result<std::optional<std::string>> find_id(const secret::Secret& key) = 0;
    // Revokes the key `id` (delete, disable or deactivate as configured); ok when already gone.
    virtual Status revoke_key(const std::string& id) = 0;
    // Removes a new key during a rollback; ok when already gone. Defaults to revoke_key.
    virtual Status discard_key(const std::string& id) { return revoke_key(id); }
};

// The issuer `spec` describes. Credentials are read from `context.env` at each call, never
// stored. invalid_input when a URL breaks the HTTPS rule.
Result<std::unique_ptr<Issuer>> make_issuer(const IssuerSpec& spec, Context& context,
                                            bool allow_insecure_loopback);

// True when `hint` (a redacted key such as "sk-or-v1-abc...f3e" or "sk-ant-api03-R2D...igAA")
// could show `key`: the key starts with the part before "..." and ends with the part after.
bool hint_matches(std::string_view hint, std::string_view key);

// Obtains a key someone else minted: from the variable `env_name`, else from `command`
// (first stdout line the key, an optional second line its id). The command runs through
// context.processes with the full environment; the key never appears in argv or messages.
Result<IssuedKey> obtain_supplied_key(Context& context, const std::string& env_name,
                                      const std::vector<std::string>& command);

}  // namespace lifeline::rotate
