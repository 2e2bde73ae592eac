// The `store:` mapping of a rotation spec: which kind holds the key (with that kind's API
// address and token variable), the fields set over the defaults, and the fields each kind
// requires.
#include "spec_parse.hpp"

namespace lifeline::rotate {

using config::YamlNode;

namespace {

// Each store kind by its name in the spec, with its default api_url and token_env ("" for
// none).
struct StoreKindRow {
    const char* name;
    StoreKind kind;
    const char* api_url;
    const char* token_env;
};
constexpr StoreKindRow k_store_kinds[] = {
    {"github", StoreKind::github, "https://api.github.com", "GITHUB_TOKEN"},
    {"gitlab", StoreKind::gitlab, "https://gitlab.com/api/v4", "GITLAB_TOKEN"},
    {"vault", StoreKind::vault, "", "VAULT_TOKEN"},
    {"aws", StoreKind::aws, "", ""},
    {"file", StoreKind::file, "", ""},
    {"env-file", StoreKind::env_file, "", ""},
};

// Reads every store field present in `node` over the kind's defaults: strings, and the
// booleans masked and protected. The first bad field is the error. Says nothing of what the
// kind requires.
Status read_store_fields(const YamlNode& node, StoreSpec& store) {
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
    return {};
}

// The fields `store.kind` cannot work without, and github's repository/organization and
// gitlab's project/group (exactly one of each pair). The first one wrong is an error at `node`.
Status check_store_fields(const YamlNode& node, const StoreSpec& store) {
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
    return {};
}

}  // namespace

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
    const StoreKindRow* kind = LIFELINE_TRY(find_kind(kind_node, "store", k_store_kinds));
    store.kind = kind->kind;
    store.api_url = kind->api_url;
    store.token_env = kind->token_env;
    LIFELINE_TRY_VOID(read_store_fields(node, store));
    LIFELINE_TRY_VOID(check_store_fields(node, store));
    return store;
}

}  // namespace lifeline::rotate
