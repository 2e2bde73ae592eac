#pragma once
// The rotation spec file (lifeline-rotation.yaml): which key is minted where, where it is
// stored, and how a new key is verified. One file may describe several rotations by name.
// The format is documented in tools/rotate-keys/README.md.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

enum class IssuerKind { openrouter, openai, anthropic, command };
enum class StoreKind { github, gitlab, vault, aws, file, env_file };

// "openrouter", "openai", "anthropic", "command".
const char* to_string(IssuerKind kind);
// "github", "gitlab", "vault", "aws", "file", "env-file".
const char* to_string(StoreKind kind);

struct IssuerSpec {
    IssuerKind kind = IssuerKind::command;
    std::string base_url;                  // defaulted per kind (openrouter/openai/anthropic)
    std::string admin_key_env;             // the management/admin key's variable (never its value)
    std::string name_prefix = "lifeline";  // new keys are named <prefix>-<rotation>-<id>
    // openrouter: credit limit (USD) and its reset period (daily|weekly|monthly).
    std::optional<double> limit;
    std::string limit_reset;
    bool revoke_disables = false;  // openrouter: PATCH disabled:true instead of DELETE
    // openai: "service-account" (needs project) or "admin-key".
    std::string openai_mode = "service-account";
    std::string project;
    // anthropic (and any kind when set): where the new key comes from.
    std::string new_key_env;
    std::vector<std::string> new_key_command;  // prints the key (and optionally an id) on stdout
    std::vector<std::string> revoke_command;   // command issuer: revokes $LIFELINE_KEY_ID
    std::string anthropic_revoke_status = "inactive";  // or "archived"
};

struct StoreSpec {
    StoreKind kind = StoreKind::file;
    std::string api_url;    // github/gitlab/vault address; defaulted for github and gitlab
    std::string token_env;  // github/gitlab/vault token variable
    // github: repository "owner/repo" (+ environment) or organization.
    std::string repository;
    std::string environment;
    std::string organization;
    std::string visibility = "private";
    std::string name;  // github secret / gitlab variable / env-file variable name
    // gitlab
    std::string project;
    std::string group;
    bool masked = true;
    bool protect = true;
    std::string environment_scope = "*";
    // vault
    std::string mount = "secret";
    std::string path;  // vault secret path; file/env-file path
    std::string field = "api_key";
    std::string namespace_;
    // aws
    std::string secret_id;
    std::string region;
    std::string profile;
};

struct VerifySpec {
    std::string provider;  // a provider of lifeline.yaml; its auth is replaced by the new key
    std::string base_url;  // overrides the provider's base_url when set
    std::string model;     // upstream model id for the tiny generation; empty = models list only
    int attempts = 3;      // transient failures (429/5xx/network) are retried this often
    Duration backoff{2'000};
};

struct RotationSpec {
    std::string name;
    IssuerSpec issuer;
    StoreSpec store;
    VerifySpec verify;
    std::string current_key_env;  // the current key when the store cannot be read (github)
    std::string old_key_id;       // the current key's id at the issuer for the first rotation
    Duration grace{0};            // keep the old key this long after promotion
    Duration lock_ttl{10 * 60'000};
};

struct SpecFile {
    std::string source;
    std::vector<RotationSpec> rotations;

    const RotationSpec* find(std::string_view name) const;
    std::vector<std::string> names() const;
};

// Parses a spec file's text. Errors are ErrorCode::config with file:line:col and key path:
// unknown keys (with "did you mean"), unknown kinds, missing required fields per kind.
Result<SpecFile> parse_spec(std::string_view text, const std::string& source_name);

}  // namespace lifeline::rotate
