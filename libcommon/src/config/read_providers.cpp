#include <lifeline/config/vendor.hpp>
#include <lifeline/util/strings.hpp>

#include "sections.hpp"

namespace lifeline::config::detail {
namespace {

const std::vector<std::string> k_provider_keys = {"kind",    "base_url", "api_version",
                                                  "headers", "auth",     "jurisdiction",
                                                  "regions", "require",  "vendor"};
const std::vector<std::string> k_auth_keys = {"env", "command", "refresh", "timeout", "none"};

// The Anthropic Messages API version every client sends unless told otherwise.
constexpr const char* k_default_anthropic_version = "2023-06-01";

Result<AuthConfig> read_auth(const YamlNode& node) {
    AuthConfig auth;
    if (node.is_scalar()) {
        // `auth: none` reads better than `auth: {none: true}` for local servers.
        if (*node.as_string() == "none")
            return auth;
        return fail(
            node.error("expected {env: NAME}, {command: [...]} or none, got " + node.kind_name()));
    }
    LIFELINE_TRY_VOID(node.check_keys(k_auth_keys));
    const auto env = node.get("env");
    const auto command = node.get("command");
    if (env && command)
        return fail(node.error("set either env or command, not both"));
    if (env) {
        auth.mode = AuthConfig::Mode::env;
        auth.env = LIFELINE_TRY(env->as_string());
        if (!is_env_var_name(auth.env)) {
            return fail(env->error("\"" + auth.env +
                                   "\" is not an environment variable name (use [A-Z_][A-Z0-9_]*, "
                                   "e.g. OPENAI_API_KEY)"));
        }
    }
    if (command) {
        auth.mode = AuthConfig::Mode::command;
        if (command->is_scalar()) {
            return fail(
                command->error("expected the command as a list of arguments, e.g. [az, account, "
                               "get-access-token, --query, accessToken, -o, tsv]"));
        }
        auth.command = LIFELINE_TRY(command->as_string_list());
        if (auth.command.empty() || auth.command[0].empty())
            return fail(command->error("must name a program to run"));
    }
    for (const char* key : {"refresh", "timeout"}) {
        const auto value = node.get(key);
        if (!value)
            continue;
        if (auth.mode != AuthConfig::Mode::command)
            return fail(value->error(std::string(key) + " only applies to auth.command"));
        if (std::string_view(key) == "refresh")
            auth.refresh = LIFELINE_TRY(value->as_duration());
        else
            auth.timeout = LIFELINE_TRY(read_positive_duration(*value));
    }
    if (const auto none = node.get("none")) {
        if (auth.mode != AuthConfig::Mode::none || !LIFELINE_TRY(none->as_bool()))
            return fail(
                none->error("write none: true alone (or just auth: none); it cannot be "
                            "combined with env or command"));
    }
    return auth;
}

Result<ProviderConfig> read_provider(const YamlNode::Entry& entry) {
    const YamlNode& node = entry.value;
    ProviderConfig provider;
    provider.name = entry.key;
    if (!node.is_map() && !node.is_null()) {
        return fail(
            node.error("expected a map like {kind: openai, auth: {env: OPENAI_API_KEY}}"
                       ", got " +
                       node.kind_name()));
    }
    LIFELINE_TRY_VOID(node.check_keys(k_provider_keys));

    if (const auto kind = node.get("kind")) {
        const std::string text = LIFELINE_TRY(kind->as_string());
        const auto parsed = parse_provider_kind(text);
        if (!parsed)
            return fail(unknown_name(*kind, "provider kind", text, all_provider_kind_names()));
        provider.kind = *parsed;
    } else if (const auto by_name = parse_provider_kind(entry.key)) {
        // A provider called "openai" with no kind is the openai kind: the common case.
        provider.kind = *by_name;
    } else {
        return fail(entry.key_error(
            "missing kind (one of: " + join(all_provider_kind_names(), ", ") + ")"));
    }

    if (const auto base_url = node.get("base_url")) {
        provider.base_url = LIFELINE_TRY(base_url->as_string());
        if (const std::string problem = http_url_problem(provider.base_url); !problem.empty())
            return fail(base_url->error("\"" + provider.base_url + "\" " + problem));
        // Endpoint paths are appended with a leading "/".
        while (provider.base_url.size() > 1 && provider.base_url.back() == '/')
            provider.base_url.pop_back();
    } else {
        provider.base_url = default_base_url(provider.kind);
        if (provider.base_url.empty()) {
            return fail(entry.key_error(
                std::string(to_string(provider.kind)) + " provider needs base_url (e.g. " +
                (provider.kind == ProviderKind::azure ? "https://myorg.openai.azure.com/openai"
                                                      : "http://127.0.0.1:8000/v1") +
                ")"));
        }
    }

    if (const auto api_version = node.get("api_version"))
        provider.api_version = LIFELINE_TRY(read_non_empty(*api_version));
    else if (provider.kind == ProviderKind::anthropic)
        provider.api_version = k_default_anthropic_version;
    else if (provider.kind == ProviderKind::azure)
        return fail(entry.key_error(
            "azure provider needs api_version (e.g. api_version: \"2025-04-01-preview\")"));

    if (const auto headers = node.get("headers"))
        provider.headers = LIFELINE_TRY(headers->as_string_map());
    if (const auto auth = node.get("auth"))
        provider.auth = LIFELINE_TRY(read_auth(*auth));
    if (const auto jurisdiction = node.get("jurisdiction")) {
        // Upper case so "eu" in one place and "EU" in deny_jurisdictions still match.
        provider.jurisdiction = to_upper_ascii(LIFELINE_TRY(read_non_empty(*jurisdiction)));
    }
    if (const auto regions = node.get("regions"))
        provider.regions = LIFELINE_TRY(regions->as_string_list());
    if (const auto require = node.get("require"))
        provider.require = LIFELINE_TRY(require->as_string_list());
    if (const auto vendor = node.get("vendor"))
        provider.vendor = LIFELINE_TRY(read_vendor(*vendor));
    return provider;
}

}  // namespace

std::string to_upper_ascii(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
}

Result<std::string> read_vendor(const YamlNode& node) {
    const std::string name = LIFELINE_TRY(node.as_string());
    if (!is_vendor_name(name)) {
        return fail(node.error("vendor \"" + name +
                               "\": expected a lower-case family name such as openai, anthropic, "
                               "google, deepseek, mistral, qwen, meta, xai or unknown"));
    }
    return canonical_vendor(name);
}

Status read_providers(const YamlNode& node, Config& config) {
    for (const YamlNode::Entry& entry : LIFELINE_TRY(node.entries()))
        config.providers.push_back(LIFELINE_TRY(read_provider(entry)));
    return {};
}

}  // namespace lifeline::config::detail
