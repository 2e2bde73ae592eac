#include "spec.hpp"

#include <algorithm>

#include <lifeline/config/yaml_reader.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::rotate {

using config::YamlNode;

const char* to_string(IssuerKind kind) {
    switch (kind) {
        case IssuerKind::openrouter:
            return "openrouter";
        case IssuerKind::openai:
            return "openai";
        case IssuerKind::anthropic:
            return "anthropic";
        case IssuerKind::command:
            return "command";
    }
    return "command";
}

const char* to_string(StoreKind kind) {
    switch (kind) {
        case StoreKind::github:
            return "github";
        case StoreKind::gitlab:
            return "gitlab";
        case StoreKind::vault:
            return "vault";
        case StoreKind::aws:
            return "aws";
        case StoreKind::file:
            return "file";
        case StoreKind::env_file:
            return "env-file";
    }
    return "file";
}

const RotationSpec* SpecFile::find(std::string_view name) const {
    for (const RotationSpec& rotation : rotations) {
        if (rotation.name == name)
            return &rotation;
    }
    return nullptr;
}

std::vector<std::string> SpecFile::names() const {
    std::vector<std::string> names;
    for (const RotationSpec& rotation : rotations)
        names.push_back(rotation.name);
    return names;
}

namespace {

// Reads an optional string field into `target`, leaving it unchanged when absent.
Status read_string(const YamlNode& node, std::string_view key, std::string& target) {
    if (auto value = node.get(key))
        target = LIFELINE_TRY(value->as_string());
    return {};
}

Status read_argv(const YamlNode& node, std::string_view key, std::vector<std::string>& target) {
    if (auto value = node.get(key)) {
        target = LIFELINE_TRY(value->as_string_list());
        if (target.empty())
            return fail(value->error("expected a non-empty command (a list of strings)"));
    }
    return {};
}

Status require_field(const YamlNode& node, std::string_view key, const std::string& value,
                     std::string_view why) {
    if (value.empty())
        return fail(node.error("missing \"" + std::string(key) + "\" (" + std::string(why) + ")"));
    return {};
}

Result<IssuerSpec> parse_issuer(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys({"kind", "base_url", "admin_key_env", "name_prefix", "limit",
                                       "limit_reset", "revoke", "mode", "project", "new_key_env",
                                       "new_key_command", "revoke_command", "revoke_status"}));
    IssuerSpec issuer;
    const YamlNode kind_node = LIFELINE_TRY(node.require("kind"));
    const std::string kind = LIFELINE_TRY(kind_node.as_string());
    const std::vector<std::string> kinds = {"openrouter", "openai", "anthropic", "command"};
    if (kind == "openrouter") {
        issuer.kind = IssuerKind::openrouter;
        issuer.base_url = "https://openrouter.ai/api/v1";
    } else if (kind == "openai") {
        issuer.kind = IssuerKind::openai;
        issuer.base_url = "https://api.openai.com/v1";
    } else if (kind == "anthropic") {
        issuer.kind = IssuerKind::anthropic;
        issuer.base_url = "https://api.anthropic.com";
    } else if (kind == "command") {
        issuer.kind = IssuerKind::command;
    } else {
        return fail(kind_node.error("unknown issuer kind \"" + kind + "\" (did you mean \"" +
                                    closest_match(kind, kinds) + "\"?)"));
    }
    LIFELINE_TRY_VOID(read_string(node, "base_url", issuer.base_url));
    LIFELINE_TRY_VOID(read_string(node, "admin_key_env", issuer.admin_key_env));
    LIFELINE_TRY_VOID(read_string(node, "name_prefix", issuer.name_prefix));
    if (auto limit = node.get("limit"))
        issuer.limit = LIFELINE_TRY(limit->as_double());
    if (auto reset = node.get("limit_reset")) {
        issuer.limit_reset = LIFELINE_TRY(reset->as_string());
        const std::vector<std::string> resets = {"daily", "weekly", "monthly"};
        if (std::find(resets.begin(), resets.end(), issuer.limit_reset) == resets.end())
            return fail(reset->error("expected daily, weekly or monthly"));
    }
    if (auto revoke = node.get("revoke")) {
        const std::string how = LIFELINE_TRY(revoke->as_string());
        if (how != "delete" && how != "disable")
            return fail(revoke->error("expected delete or disable"));
        issuer.revoke_disables = how == "disable";
    }
    if (auto mode = node.get("mode")) {
        issuer.openai_mode = LIFELINE_TRY(mode->as_string());
        if (issuer.openai_mode != "service-account" && issuer.openai_mode != "admin-key")
            return fail(mode->error("expected service-account or admin-key"));
    }
    LIFELINE_TRY_VOID(read_string(node, "project", issuer.project));
    LIFELINE_TRY_VOID(read_string(node, "new_key_env", issuer.new_key_env));
    LIFELINE_TRY_VOID(read_argv(node, "new_key_command", issuer.new_key_command));
    LIFELINE_TRY_VOID(read_argv(node, "revoke_command", issuer.revoke_command));
    if (auto status = node.get("revoke_status")) {
        issuer.anthropic_revoke_status = LIFELINE_TRY(status->as_string());
        if (issuer.anthropic_revoke_status != "inactive" &&
            issuer.anthropic_revoke_status != "archived")
            return fail(status->error("expected inactive or archived"));
    }
    switch (issuer.kind) {
        case IssuerKind::openrouter:
        case IssuerKind::anthropic:
            LIFELINE_TRY_VOID(require_field(node, "admin_key_env", issuer.admin_key_env,
                                            "the variable holding the management key"));
            break;
        case IssuerKind::openai:
            LIFELINE_TRY_VOID(require_field(node, "admin_key_env", issuer.admin_key_env,
                                            "the variable holding the admin key"));
            if (issuer.openai_mode == "service-account")
                LIFELINE_TRY_VOID(require_field(node, "project", issuer.project,
                                                "service accounts live in a project"));
            break;
        case IssuerKind::command:
            if (issuer.new_key_command.empty())
                return fail(node.error("missing \"new_key_command\" (it prints the new key)"));
            break;
    }
    if (issuer.kind == IssuerKind::anthropic && issuer.new_key_env.empty() &&
        issuer.new_key_command.empty())
        return fail(node.error(
            "anthropic cannot mint keys: set new_key_env or new_key_command for the new key"));
    return issuer;
}

Result<StoreSpec> parse_store(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys({"kind",
                                       "url",
                                       "token_env",
                                       "repository",
                                       "environment",
                                       "organization",
                                       "visibility",
                                       "name",
                                       "project",
                                       "group",
                                       "masked",
                                       "protected",
                                       "environment_scope",
                                       "mount",
                                       "path",
                                       "field",
                                       "namespace",
                                       "secret_id",
                                       "region",
                                       "profile"}));
    StoreSpec store;
    const YamlNode kind_node = LIFELINE_TRY(node.require("kind"));
    const std::string kind = LIFELINE_TRY(kind_node.as_string());
    const std::vector<std::string> kinds = {"github", "gitlab", "vault", "aws", "file", "env-file"};
    if (kind == "github") {
        store.kind = StoreKind::github;
        store.api_url = "https://api.github.com";
        store.token_env = "GITHUB_TOKEN";
    } else if (kind == "gitlab") {
        store.kind = StoreKind::gitlab;
        store.api_url = "https://gitlab.com/api/v4";
        store.token_env = "GITLAB_TOKEN";
    } else if (kind == "vault") {
        store.kind = StoreKind::vault;
        store.token_env = "VAULT_TOKEN";
    } else if (kind == "aws") {
        store.kind = StoreKind::aws;
    } else if (kind == "file") {
        store.kind = StoreKind::file;
    } else if (kind == "env-file") {
        store.kind = StoreKind::env_file;
    } else {
        return fail(kind_node.error("unknown store kind \"" + kind + "\" (did you mean \"" +
                                    closest_match(kind, kinds) + "\"?)"));
    }
    for (auto [key, target] : std::vector<std::pair<const char*, std::string*>>{
             {"url", &store.api_url},
             {"token_env", &store.token_env},
             {"repository", &store.repository},
             {"environment", &store.environment},
             {"organization", &store.organization},
             {"visibility", &store.visibility},
             {"name", &store.name},
             {"project", &store.project},
             {"group", &store.group},
             {"environment_scope", &store.environment_scope},
             {"mount", &store.mount},
             {"path", &store.path},
             {"field", &store.field},
             {"namespace", &store.namespace_},
             {"secret_id", &store.secret_id},
             {"region", &store.region},
             {"profile", &store.profile}}) {
        LIFELINE_TRY_VOID(read_string(node, key, *target));
    }
    if (auto masked = node.get("masked"))
        store.masked = LIFELINE_TRY(masked->as_bool());
    if (auto protect = node.get("protected"))
        store.protect = LIFELINE_TRY(protect->as_bool());
    switch (store.kind) {
        case StoreKind::github:
            LIFELINE_TRY_VOID(require_field(node, "name", store.name, "the secret's name"));
            if (store.repository.empty() == store.organization.empty())
                return fail(node.error("set exactly one of \"repository\" or \"organization\""));
            if (!store.environment.empty() && store.repository.empty())
                return fail(node.error("\"environment\" needs \"repository\""));
            break;
        case StoreKind::gitlab:
            LIFELINE_TRY_VOID(require_field(node, "name", store.name, "the variable's key"));
            if (store.project.empty() == store.group.empty())
                return fail(node.error("set exactly one of \"project\" or \"group\""));
            break;
        case StoreKind::vault:
            LIFELINE_TRY_VOID(require_field(node, "url", store.api_url, "the Vault address"));
            LIFELINE_TRY_VOID(require_field(node, "path", store.path, "the KV v2 secret path"));
            break;
        case StoreKind::aws:
            LIFELINE_TRY_VOID(require_field(node, "secret_id", store.secret_id,
                                            "the Secrets Manager secret name or ARN"));
            break;
        case StoreKind::file:
            LIFELINE_TRY_VOID(require_field(node, "path", store.path, "the key file"));
            break;
        case StoreKind::env_file:
            LIFELINE_TRY_VOID(require_field(node, "path", store.path, "the env file"));
            LIFELINE_TRY_VOID(require_field(node, "name", store.name, "the variable's name"));
            break;
    }
    return store;
}

Result<VerifySpec> parse_verify(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys({"provider", "base_url", "model", "attempts", "backoff"}));
    VerifySpec verify;
    LIFELINE_TRY_VOID(read_string(node, "provider", verify.provider));
    LIFELINE_TRY_VOID(require_field(node, "provider", verify.provider,
                                    "a provider of lifeline.yaml to verify the new key against"));
    LIFELINE_TRY_VOID(read_string(node, "base_url", verify.base_url));
    LIFELINE_TRY_VOID(read_string(node, "model", verify.model));
    if (auto attempts = node.get("attempts")) {
        const int64_t value = LIFELINE_TRY(attempts->as_int64());
        if (value < 1 || value > 10)
            return fail(attempts->error("expected 1 to 10"));
        verify.attempts = static_cast<int>(value);
    }
    if (auto backoff = node.get("backoff"))
        verify.backoff = LIFELINE_TRY(backoff->as_duration());
    return verify;
}

Result<RotationSpec> parse_rotation(const YamlNode::Entry& entry) {
    const YamlNode& node = entry.value;
    LIFELINE_TRY_VOID(node.check_keys(
        {"issuer", "store", "verify", "current_key_env", "old_key_id", "grace", "lock_ttl"}));
    RotationSpec rotation;
    rotation.name = entry.key;
    const YamlNode issuer_node = LIFELINE_TRY(node.require("issuer"));
    rotation.issuer = LIFELINE_TRY(parse_issuer(issuer_node));
    const YamlNode store_node = LIFELINE_TRY(node.require("store"));
    rotation.store = LIFELINE_TRY(parse_store(store_node));
    const YamlNode verify_node = LIFELINE_TRY(node.require("verify"));
    rotation.verify = LIFELINE_TRY(parse_verify(verify_node));
    LIFELINE_TRY_VOID(read_string(node, "current_key_env", rotation.current_key_env));
    LIFELINE_TRY_VOID(read_string(node, "old_key_id", rotation.old_key_id));
    if (auto grace = node.get("grace"))
        rotation.grace = LIFELINE_TRY(grace->as_duration());
    if (auto ttl = node.get("lock_ttl")) {
        rotation.lock_ttl = LIFELINE_TRY(ttl->as_duration());
        if (rotation.lock_ttl < Duration{1'000})
            return fail(ttl->error("expected at least 1s"));
    }
    return rotation;
}

}  // namespace

Result<SpecFile> parse_spec(std::string_view text, const std::string& source_name) {
    const YamlNode root = LIFELINE_TRY(config::parse_yaml(text, source_name));
    LIFELINE_TRY_VOID(root.check_keys({"version", "rotations"}));
    if (auto version = root.get("version")) {
        if (LIFELINE_TRY(version->as_int64()) != 1)
            return fail(version->error("unsupported version (this build reads version 1)"));
    }
    SpecFile spec;
    spec.source = source_name;
    const YamlNode rotations = LIFELINE_TRY(root.require("rotations"));
    for (const YamlNode::Entry& entry : LIFELINE_TRY(rotations.entries()))
        spec.rotations.push_back(LIFELINE_TRY(parse_rotation(entry)));
    if (spec.rotations.empty())
        return fail(rotations.error("no rotations described"));
    return spec;
}

}  // namespace lifeline::rotate
