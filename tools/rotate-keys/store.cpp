#include "store.hpp"

#include "api_client.hpp"

namespace lifeline::rotate {

Result<std::unique_ptr<SecretStore>> make_store(const StoreSpec& spec, Context& context,
                                                bool allow_insecure_loopback) {
    switch (spec.kind) {
        case StoreKind::file:
            return make_file_store(spec, context);
        case StoreKind::env_file:
            return make_env_file_store(spec, context);
        case StoreKind::aws:
            return make_aws_store(spec, context);
        case StoreKind::vault:
            LIFELINE_TRY_VOID(check_url(spec.api_url, allow_insecure_loopback, "vault store"));
            return make_vault_store(spec, context, allow_insecure_loopback);
        case StoreKind::gitlab:
            LIFELINE_TRY_VOID(check_url(spec.api_url, allow_insecure_loopback, "gitlab store"));
            return make_gitlab_store(spec, context, allow_insecure_loopback);
        case StoreKind::github:
            LIFELINE_TRY_VOID(check_url(spec.api_url, allow_insecure_loopback, "github store"));
            return make_github_store(spec, context, allow_insecure_loopback);
    }
    return fail(ErrorCode::internal, "unknown store kind");
}

}  // namespace lifeline::rotate
