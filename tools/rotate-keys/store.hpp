#pragma once
// Secret stores hold the key a pipeline uses: a current slot, a pending slot for a key being
// rotated in, and (where the store keeps history) a previous slot. Stores: GitHub Actions
// secrets (write-only), GitLab CI/CD variables, Vault KV v2 (check-and-set), AWS Secrets
// Manager (staging labels, via the aws CLI), a local file and an env file.
// Every write is idempotent: repeating it after a crash leaves the same state.

#include <memory>
#include <optional>
#include <string>

#include <lifeline/app/context.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/result.hpp>

#include "spec.hpp"

namespace lifeline::rotate {

class SecretStore {
  public:
    virtual ~SecretStore() = default;
    // "vault https://vault:8200 secret/ci/openrouter#api_key" (no secrets).
    virtual std::string describe() const = 0;
    // False for write-only stores (GitHub): read_* then fail with unsupported.
    virtual bool readable() const = 0;
    // The current / pending key; nullopt when the slot is empty.
    virtual Result<std::optional<secret::Secret>> read_current() = 0;
    virtual Result<std::optional<secret::Secret>> read_pending() = 0;
    // Puts `key` in the pending slot. `rotation_id` names the attempt (AWS version id).
    virtual Status write_pending(const secret::Secret& key, const std::string& rotation_id) = 0;
    // Makes `key` current (the old current becomes previous where the store keeps one) and
    // empties the pending slot. Ok when `key` is already current.
    virtual Status promote(const secret::Secret& key, const std::string& rotation_id) = 0;
    // Empties the pending slot; ok when already empty.
    virtual Status clear_pending() = 0;
    // Writes `key` as current again (undoing a promotion a crash left unconfirmed).
    virtual Status restore_current(const secret::Secret& key) = 0;
};

// The store `spec` describes. Tokens are read from `context.env` at each call. invalid_input
// when a URL breaks the HTTPS rule.
Result<std::unique_ptr<SecretStore>> make_store(const StoreSpec& spec, Context& context,
                                                bool allow_insecure_loopback);

// Concrete stores (store_*.cpp).
std::unique_ptr<SecretStore> make_file_store(const StoreSpec& spec, Context& context);
std::unique_ptr<SecretStore> make_env_file_store(const StoreSpec& spec, Context& context);
std::unique_ptr<SecretStore> make_vault_store(const StoreSpec& spec, Context& context,
                                              bool allow_insecure_loopback);
std::unique_ptr<SecretStore> make_gitlab_store(const StoreSpec& spec, Context& context,
                                               bool allow_insecure_loopback);
std::unique_ptr<SecretStore> make_github_store(const StoreSpec& spec, Context& context,
                                               bool allow_insecure_loopback);
std::unique_ptr<SecretStore> make_aws_store(const StoreSpec& spec, Context& context);

}  // namespace lifeline::rotate
