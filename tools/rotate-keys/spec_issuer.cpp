// The `issuer:` mapping of a rotation spec: which kind mints the new key (with that kind's
// API address), the fields set over the defaults, and the fields each kind requires.
#include <algorithm>

#include "spec_parse.hpp"

namespace lifeline::rotate {

using config::YamlNode;

namespace {

// Each issuer kind by its name in the spec, with its default base_url ("" for none).
struct IssuerKindRow {
    const char* name;
    IssuerKind kind;
    const char* base_url;
};
constexpr IssuerKindRow k_issuer_kinds[] = {
    {"openrouter", IssuerKind::openrouter, "https://openrouter.ai/api/v1"},
    {"openai", IssuerKind::openai, "https://api.openai.com/v1"},
    {"anthropic", IssuerKind::anthropic, "https://api.anthropic.com"},
    {"command", IssuerKind::command, ""},
};

// Reads every issuer field present in `node` over the kind's defaults; the enumerated ones
// (limit_reset, revoke, mode, revoke_status) must hold one of their values. The first bad
// field is the error. Says nothing of what the kind requires.
Status read_issuer_fields(const YamlNode& node, IssuerSpec& issuer) {
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
    return {};
}

// The fields `issuer.kind` cannot work without: the admin key's variable, openai's project
// for service accounts, the command issuer's new_key_command, and anthropic's source of the
// new key (it cannot mint one). The first one missing is an error at `node`.
Status check_issuer_fields(const YamlNode& node, const IssuerSpec& issuer) {
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
    return {};
}

}  // namespace

Result<IssuerSpec> parse_issuer(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys({"kind", "base_url", "admin_key_env", "name_prefix", "limit",
                                       "limit_reset", "revoke", "mode", "project", "new_key_env",
                                       "new_key_command", "revoke_command", "revoke_status"}));
    IssuerSpec issuer;
    const YamlNode kind_node = LIFELINE_TRY(node.require("kind"));
    const IssuerKindRow* kind = LIFELINE_TRY(find_kind(kind_node, "issuer", k_issuer_kinds));
    issuer.kind = kind->kind;
    issuer.base_url = kind->base_url;
    LIFELINE_TRY_VOID(read_issuer_fields(node, issuer));
    LIFELINE_TRY_VOID(check_issuer_fields(node, issuer));
    return issuer;
}

}  // namespace lifeline::rotate
